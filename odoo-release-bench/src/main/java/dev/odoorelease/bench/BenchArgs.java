package dev.odoorelease.bench;

import dev.odoorelease.engine.internal.filestore.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The command line and the work directory every benchmark starts from. */
final class BenchArgs {
    private BenchArgs() {
    }

    /** {@code --option value} pairs over {@code defaults}; an option not among them ends the run with exit 2, naming them. */
    static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> a = new HashMap<>(defaults);
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!a.containsKey(args[i])) {
                System.err.println("unknown option " + args[i] + "; known: " + a.keySet());
                System.exit(2);
            }
            a.put(args[i], args[i + 1]);
        }
        return a;
    }

    /** Empties (or creates) the work directory, and puts the benchmark's PostgreSQL clusters in it. */
    static Path freshWork(Path work) throws IOException {
        Path w = work.toAbsolutePath();
        Folders.deleteTree(w);
        Files.createDirectories(w);
        System.setProperty("odoorelease.pg.dir", w.resolve("pg").toString());
        return w;
    }
}
