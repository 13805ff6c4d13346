package io.jenkins.plugins.odoorelease;

import hudson.XmlFile;
import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * Which job has a preview, kept on the controller ({@code odoo-release-previews.xml} in the Jenkins home) so that the
 * preview can be removed when the job is deleted — by then its builds, which knew the branch, are gone. Written by
 * {@code odooPreview}; read and cleared by {@link OdooPreviewCleanup}. Plain values only, no secret.
 */
final class PreviewJobs {
    private static final Logger LOGGER = Logger.getLogger(PreviewJobs.class.getName());

    /** One job's preview: its project, branch, pull request id, and the node (its data and container are there; "" the controller). */
    record Entry(String project, String branch, String changeId, String node) {}

    private PreviewJobs() {}

    private static XmlFile file() {
        return new XmlFile(new File(Jenkins.get().getRootDir(), "odoo-release-previews.xml"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Entry> read() {
        XmlFile f = file();
        if (!f.exists()) {
            return new HashMap<>();
        }
        try {
            Object o = f.read();
            return o instanceof Map<?, ?> m ? new HashMap<>((Map<String, Entry>) m) : new HashMap<>();
        } catch (IOException e) {
            LOGGER.log(
                    Level.WARNING,
                    "Could not read " + f + "; previews of deleted jobs then only expire by their TTL",
                    e);
            return new HashMap<>();
        }
    }

    private static void write(Map<String, Entry> all) {
        try {
            file().write(all);
        } catch (IOException e) {
            LOGGER.log(
                    Level.WARNING,
                    "Could not write " + file() + "; previews of deleted jobs then only expire by their TTL",
                    e);
        }
    }

    static synchronized void put(String job, Entry e) {
        Map<String, Entry> all = read();
        all.put(job, e);
        write(all);
    }

    static synchronized Entry remove(String job) {
        Map<String, Entry> all = read();
        Entry e = all.remove(job);
        if (e != null) {
            write(all);
        }
        return e;
    }

    static synchronized void move(String from, String to) {
        Map<String, Entry> all = read();
        Entry e = all.remove(from);
        if (e != null) {
            all.put(to, e);
            write(all);
        }
    }
}
