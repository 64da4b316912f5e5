package dev.veil.inference;

import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Gathers the frames that callers hand in at about the same time into one {@link FaceDetector#detectBatch} call.
 * numaflow-java's map server runs each message of a Numaflow read batch on a thread of its own, at once; this
 * turns them back into one batch for the engine, whatever streams they come from. The first frame of a batch
 * waits at most {@code wait} for others (not at all when it is zero: then a batch is whatever queued up while the
 * previous one ran), and a batch never exceeds {@code maxFrames}.
 *
 * <p>One worker thread runs the detector: batches go to it one after the other, which is also what one GPU
 * stream or one CPU runtime does anyway. The callers wait for their frame's faces, or for the batch's failure.
 */
final class DetectionBatcher implements AutoCloseable {

    private final FaceDetector detector;
    private final int maxFrames;
    private final long waitNanos;
    private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    /** Started by the first frame: a constructor starts no thread. */
    private Thread worker;
    private final AtomicLong batches = new AtomicLong();
    private volatile boolean closed;

    DetectionBatcher(FaceDetector detector, int maxFrames, Duration wait) {
        if (maxFrames < 1) {
            throw new IllegalArgumentException("a batch holds at least one frame, not " + maxFrames);
        }
        this.detector = detector;
        this.maxFrames = maxFrames;
        this.waitNanos = wait.toNanos();
    }

    private synchronized Thread worker() {
        if (worker == null) {
            worker = new Thread(this::work, FaceInference.DETECTOR_THREAD);
            // Daemon: the worker must never keep its JVM alive after a vertex stopped without closing it.
            worker.setDaemon(true);
            worker.start();
        }
        return worker;
    }

    /**
     * The faces of one frame, found in a batch with the frames other callers handed in meanwhile.
     *
     * @throws RuntimeException the batch's failure (every frame of a failed batch gets it)
     */
    List<Face> detect(Mat image) {
        return detect(image, false);
    }

    /**
     * As {@link #detect(Mat)}, with the detector's cheaper search when {@code coarse} ({@link FaceDetector#detectCoarse});
     * coarse frames go through the detector one by one after the batch of full ones.
     */
    List<Face> detect(Mat image, boolean coarse) {
        return submit(image, coarse).faces();
    }

    /**
     * Queues the frame for the detector and returns at once; {@link Queued#faces} waits for its faces. The picture
     * must stay open until they came.
     *
     * @throws IllegalStateException the batcher is closing
     */
    Queued submit(Mat image, boolean coarse) {
        if (closed) {
            throw new IllegalStateException("the detector is stopping");
        }
        Queued job = new Queued(image, coarse, new CompletableFuture<>(), worker());
        queue.add(job);
        return job;
    }

    /** A frame handed to the detector. */
    final class Queued {
        private final Mat image;
        private final boolean coarse;
        private final CompletableFuture<List<Face>> faces;
        private final Thread worker;

        private Queued(Mat image, boolean coarse, CompletableFuture<List<Face>> faces, Thread worker) {
            this.image = image;
            this.coarse = coarse;
            this.faces = faces;
            this.worker = worker;
        }

        /**
         * Waits for the frame's faces.
         *
         * @throws RuntimeException the batch's failure (every frame of a failed batch gets it)
         */
        List<Face> faces() {
            try {
                while (true) {
                    try {
                        return faces.get(1, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        // A frame queued just as the worker stopped would wait for ever: take it back.
                        if (!worker.isAlive() && queue.remove(this)) {
                            throw new IllegalStateException("the detector stopped before this frame was detected");
                        }
                    }
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            } catch (CancellationException e) {
                throw new IllegalStateException("the detector stopped before this frame was detected");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the detector");
            }
        }
    }

    /** Detector calls so far. */
    long batches() {
        return batches.get();
    }

    private void work() {
        while (!closed) {
            List<Queued> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                break;
            }
            batches.incrementAndGet();
            List<Queued> full = batch.stream().filter(j -> !j.coarse).toList();
            try {
                if (!full.isEmpty()) {
                    List<List<Face>> faces = detector.detectBatch(full.stream().map(j -> j.image).toList());
                    for (int i = 0; i < full.size(); i++) {
                        full.get(i).faces.complete(faces.get(i));
                    }
                }
                for (Queued j : batch) {
                    if (j.coarse) {
                        j.faces.complete(detector.detectCoarse(j.image));
                    }
                }
            } catch (RuntimeException | Error e) {
                batch.forEach(j -> j.faces.completeExceptionally(e));
            }
        }
        List<Queued> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(j -> j.faces.cancel(false));
    }

    private List<Queued> nextBatch() throws InterruptedException {
        List<Queued> batch = new ArrayList<>(maxFrames);
        batch.add(queue.take());
        long deadline = System.nanoTime() + waitNanos;
        try {
            while (batch.size() < maxFrames) {
                long left = deadline - System.nanoTime();
                Queued next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                if (next == null) {
                    break;
                }
                batch.add(next);
            }
        } catch (InterruptedException e) {
            // Stopping: the frames already taken are still detected, the rest fail in work().
            Thread.currentThread().interrupt();
        }
        return batch;
    }

    /** Stops the worker after the batch it is running; frames still queued fail. Does not close the detector. */
    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = worker;
        }
        if (running == null) {
            return;
        }
        running.interrupt();
        try {
            running.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
