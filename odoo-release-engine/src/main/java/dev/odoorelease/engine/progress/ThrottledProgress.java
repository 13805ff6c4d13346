package dev.odoorelease.engine.progress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts work done by many threads and reports it to a {@link ProgressListener} at most once per
 * interval, plus once at the end.
 */
public final class ThrottledProgress {
    private final ProgressListener listener;
    private final String task;
    private final String unit;
    private final long total;
    private final long intervalNanos;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastReport;

    public ThrottledProgress(ProgressListener listener, String task, long total, String unit, long intervalMillis) {
        this.listener = listener;
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.lastReport = new AtomicLong(System.nanoTime());
    }

    public void add(long n) {
        long d = done.addAndGet(n);
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last >= intervalNanos && lastReport.compareAndSet(last, now)) {
            listener.progress(task, d, total, unit);
        }
    }

    public long done() {
        return done.get();
    }

    public void finish() {
        listener.progress(task, done.get(), total, unit);
    }
}
