package dev.odoorelease.testkit.jenkins;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.SAXParserFactory;
import org.apache.commons.jexl.ExpressionFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads a Jenkins plugin's resources the way its build and Jenkins read them, without Jenkins: the class of defects
 * that stops the plugin's build or breaks its pages at run time, found before Maven's long verify.
 *
 * <ul>
 *   <li>every {@code .properties} file: each value is a {@link MessageFormat} pattern, parsed as the
 *       localizer-maven-plugin parses {@code Messages.properties} to generate {@code Messages} (and as Stapler formats
 *       a view's {@code .properties} at run time); the file is read as {@link Properties#load(InputStream)} reads it,
 *       ISO-8859-1, so any non-ASCII byte is refused ({@code \}{@code uXXXX} escapes are how to write it); a key of
 *       {@code Messages.properties} must make a Java method name, as the localizer names one after each key;
 *   <li>every {@code .jelly} file is well-formed XML;
 *   <li>every {@code ${…}} in an attribute or text of a {@code .jelly} is cut out as Jelly's
 *       {@code CompositeExpression.parse} does and compiled as Stapler's {@code CustomJellyContext} compiles it:
 *       {@code ${%text}} is an {@code InternationalizedStringExpression}, where a {@code (} makes the text a key with
 *       arguments, each argument a JEXL expression (compiled by commons-jexl 1.1, the parser Jelly's
 *       {@code JexlExpressionFactory} calls); {@code '%text'} literals inside an expression likewise. Other expressions
 *       are not compiled: Jenkins runs a fork of JEXL (with {@code ?:}) that is not on Maven Central, and Apache's 1.1
 *       would refuse what Jenkins accepts. The same holds inside arguments: pass a conditional as a variable.
 * </ul>
 *
 * A key with arguments must be defined in the view's own {@code .properties}: Stapler shows an undefined key as its
 * text and drops the arguments, so {@code ${%Timeout (seconds)}} reads "Timeout" — or, when the parenthesised text is
 * not an expression ({@code (plan only)}), the whole view fails to compile. A pattern that uses more arguments than the
 * view passes shows a raw {@code {n}}.
 */
public final class StaplerResourceCheck {
    /** Stapler's {@code CustomJellyContext.RESOURCE_LITERAL_STRING}: a string literal that starts with {@code %}. */
    private static final Pattern RESOURCE_LITERAL = Pattern.compile("(\"%[^\"]+\")|('%[^']+')");

    private final List<String> problems = new ArrayList<>();
    private int propertiesFiles;
    private int jellyFiles;
    private int expressions;

    private StaplerResourceCheck() {}

    /** Checks every {@code .properties} and {@code .jelly} under {@code resources}. */
    public static StaplerResourceCheck of(Path resources) throws IOException {
        if (!Files.isDirectory(resources)) {
            throw new IOException("Unable to check " + resources + ": it is not a folder.");
        }
        StaplerResourceCheck check = new StaplerResourceCheck();
        List<Path> files;
        try (Stream<Path> s = Files.walk(resources)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            String shown = resources.relativize(f).toString();
            if (name.endsWith(".properties")) {
                check.propertiesFiles++;
                check.checkProperties(f, shown);
            } else if (name.endsWith(".jelly")) {
                check.jellyFiles++;
                check.checkJelly(f, shown);
            }
        }
        return check;
    }

    /** What is wrong, one line each as {@code file:line: what}; empty when nothing is. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    public int propertiesFiles() {
        return propertiesFiles;
    }

    public int jellyFiles() {
        return jellyFiles;
    }

    /** How many {@code ${…}} expressions of the views were compiled. */
    public int expressions() {
        return expressions;
    }

    private void checkProperties(Path file, String shown) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<String> lines = new String(bytes, StandardCharsets.ISO_8859_1).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).chars().allMatch(c -> c < 0x80)) {
                problems.add(shown + ":" + (i + 1)
                        + ": a non-ASCII character; properties files are read as ISO-8859-1: write it as \\uXXXX");
            }
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        // the localizer generates Messages.java from Messages.properties (not from its locale variants, with '_'):
        // one method per key, named by the key with '.', '-' and '/' made '_'
        boolean generated = file.getFileName().toString().startsWith("Messages")
                && !file.getFileName().toString().contains("_");
        for (String key : p.stringPropertyNames().stream().sorted().toList()) {
            if (generated
                    && !key.replace('.', '_').replace('-', '_').replace('/', '_').matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
                problems.add(shown + ":" + lineOfKey(lines, key) + ": the key '" + key + "' makes no Java method name"
                        + " in the generated Messages class: use letters, digits, '.' and '_'");
            }
            try {
                new MessageFormat(p.getProperty(key)).getFormatsByArgumentIndex();
            } catch (IllegalArgumentException e) {
                problems.add(shown + ":" + lineOfKey(lines, key) + ": " + key
                        + " is not a MessageFormat pattern (" + e.getMessage()
                        + "); quote literal braces and apostrophes: '{' or '${VAR}', and ''");
            }
        }
    }

    /** The line that defines {@code key}, read as {@link Properties} reads it (escapes included); 0 if none. */
    private static int lineOfKey(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            Properties one = new Properties();
            try {
                one.load(new StringReader(lines.get(i)));
            } catch (IOException | IllegalArgumentException e) {
                continue;
            }
            if (one.containsKey(key)) {
                return i + 1;
            }
        }
        return 0;
    }

    private void checkJelly(Path file, String shown) throws IOException {
        String fileName = file.getFileName().toString();
        Path bundleFile = file.resolveSibling(fileName.substring(0, fileName.length() - ".jelly".length()) + ".properties");
        Properties bundle = new Properties();
        if (Files.isRegularFile(bundleFile)) {
            try (InputStream in = Files.newInputStream(bundleFile)) {
                bundle.load(in);
            }
        }
        String xml = Files.readString(file, StandardCharsets.UTF_8);
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.newSAXParser().parse(new InputSource(new StringReader(xml)), new DefaultHandler() {
                private Locator locator;
                private final StringBuilder text = new StringBuilder();
                private int textLine;

                @Override
                public void setDocumentLocator(Locator locator) {
                    this.locator = locator;
                }

                @Override
                public void startElement(String uri, String local, String qName, Attributes attributes) {
                    flushText();
                    for (int i = 0; i < attributes.getLength(); i++) {
                        checkText(shown, locator.getLineNumber(), attributes.getValue(i), bundle, bundleFile);
                    }
                }

                @Override
                public void endElement(String uri, String local, String qName) {
                    flushText();
                }

                @Override
                public void characters(char[] ch, int start, int length) {
                    if (text.isEmpty()) {
                        textLine = locator.getLineNumber();
                    }
                    text.append(ch, start, length);
                }

                private void flushText() {
                    if (!text.isEmpty()) {
                        checkText(shown, textLine, text.toString(), bundle, bundleFile);
                        text.setLength(0);
                    }
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXParseException {
                    throw e;
                }
            });
        } catch (SAXParseException e) {
            problems.add(shown + ":" + e.getLineNumber() + ": not well-formed XML: " + e.getMessage());
        } catch (Exception e) {
            problems.add(shown + ": unable to read as XML: " + e);
        }
    }

    /** An attribute value or a text: its expressions, cut out as Jelly's {@code CompositeExpression.parse} does. */
    private void checkText(String shown, int line, String value, Properties bundle, Path bundleFile) {
        int start = value.indexOf("${");
        if (start < 0) {
            return;
        }
        if (value.indexOf('}', start + 2) < 0) {
            problems.add(shown + ":" + line + ": missing '}' at the end of an expression: " + value.strip());
            return;
        }
        int len = value.length();
        if (start == 0 && value.indexOf('}', 2) == len - 1) {
            checkExpression(shown, line, value.substring(2, len - 1), bundle, bundleFile); // Jelly's shortcut
            return;
        }
        int cur = 0;
        while (cur < len) {
            char c = value.charAt(cur);
            if (c == '$' && cur + 1 < len && value.charAt(cur + 1) == '{') {
                cur += 2;
                StringBuilder expr = new StringBuilder();
                boolean closed = false;
                while (cur < len && !closed) {
                    c = value.charAt(cur);
                    if (c == '"' || c == '\'') {
                        char quote = c;
                        expr.append(c);
                        cur++;
                        while (cur < len) {
                            char q = value.charAt(cur++);
                            expr.append(q);
                            if (q == quote) {
                                break;
                            }
                        }
                    } else if (c == '}') {
                        checkExpression(shown, line, expr.toString(), bundle, bundleFile);
                        closed = true;
                        cur++;
                    } else {
                        expr.append(c);
                        cur++;
                    }
                }
                if (!closed) {
                    problems.add(shown + ":" + line + ": missing '}' at the end of the expression ${" + expr);
                }
            } else {
                cur += c == '$' && cur + 1 < len && value.charAt(cur + 1) == '$' ? 2 : 1;
            }
        }
    }

    /** One expression as Stapler's {@code CustomJellyContext.CustomXMLParser.createExpression} compiles it. */
    private void checkExpression(String shown, int line, String text, Properties bundle, Path bundleFile) {
        expressions++;
        if (text.startsWith("%")) {
            checkInternationalized(shown, line, text, bundle, bundleFile);
            return;
        }
        Matcher m = RESOURCE_LITERAL.matcher(text);
        while (m.find()) {
            String literal = m.group();
            checkInternationalized(shown, line, literal.substring(1, literal.length() - 1), bundle, bundleFile);
        }
    }

    /** Stapler's {@code InternationalizedStringExpression}: {@code %key} or {@code %key(arg, arg, …)}. */
    private void checkInternationalized(String shown, int line, String text, Properties bundle, Path bundleFile) {
        String body = text.substring(1);
        int open = body.indexOf('(');
        if (open < 0) {
            return; // a plain text: shown as is when the bundle has no such key (the bundle's patterns are checked)
        }
        String key = body.substring(0, open);
        String rest = body.substring(open + 1);
        List<String> arguments = new ArrayList<>();
        while (!rest.isEmpty()) {
            String token = argument(rest);
            if (token == null) {
                problems.add(shown + ":" + line + ": ${" + text + "} is missing ')' at the end: Stapler reads a '(' in"
                        + " the text as the start of arguments; write the text without parentheses");
                return;
            }
            arguments.add(token);
            rest = rest.substring(Math.min(rest.length(), token.length() + 1));
        }
        for (String a : arguments) {
            if (!jexl(shown, line, a, "${" + text + "}")) {
                return;
            }
        }
        String pattern = bundle.getProperty(key);
        if (pattern == null || pattern.isEmpty()) {
            problems.add(shown + ":" + line + ": ${" + text + "}: Stapler reads a '(' in the text as the start of"
                    + " arguments, and " + bundleFile.getFileName() + " defines no key '" + key + "', so the page shows '"
                    + key + "' and drops the rest; write the text without parentheses, or define the key");
            return;
        }
        try {
            int used = new MessageFormat(pattern).getFormatsByArgumentIndex().length;
            if (used > arguments.size()) {
                problems.add(shown + ":" + line + ": ${" + text + "} passes " + arguments.size() + " argument(s) but '"
                        + key + "' in " + bundleFile.getFileName() + " uses " + used + ": the page would show {"
                        + (used - 1) + "} raw");
            }
        } catch (IllegalArgumentException e) {
            // reported with the properties file
        }
    }

    /** Stapler's {@code InternationalizedStringExpression.tokenize}: one argument of "arg,arg)", or null. */
    private static String argument(String text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case ',':
                    if (depth == 0) {
                        return text.substring(0, i);
                    }
                    break;
                case '(', '{', '[':
                    depth++;
                    break;
                case ')':
                    if (depth == 0) {
                        return text.substring(0, i);
                    }
                    depth--;
                    break;
                case '}', ']':
                    depth--;
                    break;
                case '"', '\'':
                    i = text.indexOf(ch, i + 1);
                    if (i < 0) {
                        return null;
                    }
                    break;
                default:
                    break;
            }
        }
        return null;
    }

    /** Compiles {@code expression} as Jelly's {@code JexlExpressionFactory} does; false (and a problem) when it fails. */
    private boolean jexl(String shown, int line, String expression, String where) {
        try {
            ExpressionFactory.createExpression(expression);
            return true;
        } catch (Exception | Error e) {
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
            problems.add(shown + ":" + line + ": " + where + " does not compile: '" + expression
                    + "' is not an expression (" + reason + ")"
                    + (where.startsWith("${%") ? "; a '(' in the text starts arguments: write it without parentheses" : ""));
            return false;
        }
    }
}
