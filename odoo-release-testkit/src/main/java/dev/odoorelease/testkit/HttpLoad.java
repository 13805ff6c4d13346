package dev.odoorelease.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady load of GET requests (the swarm deploy tests and the swarm benchmark) on one URL from {@code clients} concurrent clients (each its own connection pool, one request
 * after the other), counting requests, failures (an I/O error or a 5xx) and latencies. Bounded: {@link #stop} ends it.
 */
public final class HttpLoad implements AutoCloseable {
    /**
     * Requests since the last cut; {@code unservedMillis}: from the start of the first failed request to the end of the last one
     * (0 without failures), what a user trying all along saw of an outage.
     */
    public record Stats(long requests, long failures, List<String> failureSamples, long p50Millis, long p99Millis, long unservedMillis) {
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<String> samples = new CopyOnWriteArrayList<>();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();

    public static HttpLoad start(URI url, int clients) {
        return start(url, clients, Duration.ZERO);
    }

    /** As {@link #start(URI, int)}, each client waiting {@code pause} after each request (a probe that does not load the machine). */
    public static HttpLoad start(URI url, int clients, Duration pause) {
        HttpLoad g = new HttpLoad();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> g.client(url, pause), "load-" + i);
            t.setDaemon(true);
            g.threads.add(t);
            t.start();
        }
        return g;
    }

    private void client(URI url, Duration pause) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build();
        while (running.get()) {
            long t = System.nanoTime();
            try {
                HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() >= 500) {
                    fail("HTTP " + r.statusCode(), t);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (running.get()) {
                    fail(e.getClass().getSimpleName() + ": " + e.getMessage(), t);
                }
            }
            latencies.add((System.nanoTime() - t) / 1_000_000);
            requests.incrementAndGet();
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private synchronized void fail(String what, long startedNanos) {
        failures.incrementAndGet();
        if (samples.size() < 10) {
            samples.add(what);
        }
        if (firstFailure == 0 || startedNanos < firstFailure) {
            firstFailure = startedNanos;
        }
        lastFailureEnd = System.nanoTime();
    }

    private long firstFailure;
    private long lastFailureEnd;

    public long requests() {
        return requests.get();
    }

    public void awaitRequests(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    public Stats stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(40_000);
        }
        List<Long> l;
        synchronized (latencies) {
            l = new ArrayList<>(latencies);
        }
        synchronized (this) {
            return stats(l, requests.get(), failures.get());
        }
    }

    /**
     * The requests since the last cut (or the start): their count, failures and latency percentiles; the load goes on. A
     * benchmark cuts before and after the operation it measures.
     */
    public synchronized Stats cut() {
        List<Long> l;
        synchronized (latencies) {
            l = new ArrayList<>(latencies);
            latencies.clear();
        }
        long r = requests.get();
        long f = failures.get();
        Stats s = stats(l, r - cutRequests, f - cutFailures);
        cutRequests = r;
        cutFailures = f;
        firstFailure = 0;
        lastFailureEnd = 0;
        return s;
    }

    private long cutRequests;
    private long cutFailures;

    private Stats stats(List<Long> l, long requestCount, long failureCount) {
        Collections.sort(l);
        long p50 = l.isEmpty() ? 0 : l.get((int) Math.min(l.size() - 1, Math.round(l.size() * 0.50)));
        long p99 = l.isEmpty() ? 0 : l.get((int) Math.min(l.size() - 1, Math.round(l.size() * 0.99)));
        return new Stats(requestCount, failureCount, List.copyOf(samples), p50, p99,
                firstFailure == 0 ? 0 : (lastFailureEnd - firstFailure) / 1_000_000);
    }

    @Override
    public void close() throws InterruptedException {
        if (running.get()) {
            stop();
        }
    }
}
