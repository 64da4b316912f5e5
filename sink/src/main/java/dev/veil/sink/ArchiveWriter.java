package dev.veil.sink;

import dev.veil.stage.FrameInfo;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the archive from a thread of its own, so that encoding H.264 (about 20 ms of a core for a 720p frame here,
 * more than everything else the sink does) runs beside the sink's work instead of after it. Pictures are written in
 * the order given, at most {@value #QUEUED} waiting: a sink that outpaces the encoder waits for it (so backpressure
 * still reaches Numaflow), and no picture is ever dropped. A picture that cannot be written is counted and never
 * holds a frame back from the viewers; a failure is logged when its reason is new (an output that cannot be written
 * is one line, not one per frame), and the pictures not logged are totalled at the end.
 */
final class ArchiveWriter implements AutoCloseable {

    static final int QUEUED = 4;
    private static final Logger log = LoggerFactory.getLogger(ArchiveWriter.class);

    private record Job(FrameInfo frame, Mat picture) {
    }

    private static final Job END = new Job(null, null);

    private final FrameArchive archive;
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUED);
    private final AtomicLong errors = new AtomicLong();
    /** Owned by the writing thread until it ends. */
    private String lastReason;
    private long notLogged;
    private Thread thread;
    private boolean closed;

    /** Takes over the archive: it is closed by {@link #close()}. */
    ArchiveWriter(FrameArchive archive) {
        this.archive = archive;
    }

    /**
     * Queues a picture to be written; takes ownership of it (it is closed once written). Waits while
     * {@value #QUEUED} pictures are already queued.
     *
     * @throws InterruptedException when interrupted while waiting; the picture is then closed, not written
     */
    void write(FrameInfo frame, Mat picture) throws InterruptedException {
        synchronized (this) {
            if (closed) {
                picture.close();
                throw new IllegalStateException("the archive is closed");
            }
            if (thread == null) {
                thread = new Thread(this::run, AnonymizingSink.ARCHIVE_THREAD);
                thread.setDaemon(true);
                thread.start();
            }
        }
        try {
            queue.put(new Job(frame, picture));
        } catch (InterruptedException e) {
            picture.close();
            throw e;
        }
    }

    /** Pictures written so far (those still queued are not). */
    long framesWritten() {
        return archive.framesWritten();
    }

    /** Pictures that could not be written. */
    long errors() {
        return errors.get();
    }

    /** See {@link FrameArchive#finishIdle()}; safe beside the writing thread (the archive is thread-safe). */
    void finishIdle() {
        archive.finishIdle();
    }

    private void run() {
        while (true) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == END) {
                return;
            }
            try (Mat picture = job.picture()) {
                archive.write(job.frame(), picture);
            } catch (IOException | RuntimeException e) {
                errors.incrementAndGet();
                String reason = String.valueOf(e.getMessage());
                if (reason.equals(lastReason)) {
                    notLogged++;
                } else {
                    lastReason = reason;
                    log.atWarn().addKeyValue("stream", job.frame().streamId())
                            .addKeyValue("sequence", job.frame().sequence()).addKeyValue("reason", reason)
                            .log("frame not archived");
                }
            }
        }
    }

    /** Writes what is queued, then finishes every file. */
    @Override
    public void close() throws IOException {
        Thread writer;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            writer = thread;
        }
        if (writer != null) {
            try {
                queue.put(END);
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                writer.interrupt();
            }
        }
        Job left;
        while ((left = queue.poll()) != null) {
            if (left.picture() != null) {
                left.picture().close();
            }
        }
        if (notLogged > 0) {
            log.atWarn().addKeyValue("frames", notLogged).addKeyValue("reason", lastReason)
                    .log("more frames not archived, for the reason already logged");
        }
        archive.close();
    }
}
