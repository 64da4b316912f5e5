package dev.veil.cli;

import dev.veil.cli.LocalDatums.Item;
import dev.veil.source.VideoSource;
import io.numaproj.numaflow.mapper.Mapper;
import io.numaproj.numaflow.mapper.Message;
import io.numaproj.numaflow.sinker.Response;
import io.numaproj.numaflow.sinker.Sinker;
import io.numaproj.numaflow.sourcer.Offset;
import io.numaproj.numaflow.sourcer.ReadRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numaflow's data plane in miniature: the same vertex handlers, one thread each, joined by bounded queues
 * (the inter-step buffers). A full queue blocks the stage before it, so backpressure reaches the source as
 * it does in the cluster. The source's frames are acknowledged once they are in the first buffer, and a frame
 * the sink refuses is retried, as Numaflow does.
 */
final class LocalPipeline {

    private static final Logger log = LoggerFactory.getLogger(LocalPipeline.class);
    private static final Item END = new Item(new String[0], new byte[0], Instant.EPOCH, -1);
    private static final int READ_BATCH = 8;
    private static final int SINK_BATCH = 8;
    private static final int SINK_ATTEMPTS = 5;
    private static final Duration READ_TIMEOUT = Duration.ofMillis(200);

    private final VideoSource source;
    private final List<Mapper> maps;
    private final Sinker sink;
    private final List<BlockingQueue<Item>> buffers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong nextId = new AtomicLong();
    private volatile boolean stopping;

    LocalPipeline(VideoSource source, List<Mapper> maps, Sinker sink, int bufferFrames) {
        this.source = source;
        this.maps = List.copyOf(maps);
        this.sink = sink;
        for (int i = 0; i <= maps.size(); i++) {
            buffers.add(new ArrayBlockingQueue<>(bufferFrames));
        }
    }

    void start() {
        threads.add(new Thread(this::runSource, "local-source"));
        for (int i = 0; i < maps.size(); i++) {
            int stage = i;
            threads.add(new Thread(() -> runMap(stage), "local-map-" + maps.get(i).getClass().getSimpleName()));
        }
        threads.add(new Thread(this::runSink, "local-sink"));
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
    }

    /** Stops reading new frames; what is already in the pipeline still goes through. */
    void stop() {
        stopping = true;
    }

    /** Waits until the last frame went through the sink (or a stage failed). */
    boolean await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A handler that broke its contract (threw), which would have restarted the vertex in the cluster. */
    Throwable failure() {
        return failure.get();
    }

    /** Frames the sink refused on every attempt. */
    long lost() {
        return lost.get();
    }

    private void runSource() {
        BlockingQueue<Item> out = buffers.get(0);
        ReadRequest request = new ReadRequest() {
            @Override
            public long getCount() {
                return READ_BATCH;
            }

            @Override
            public Duration getTimeout() {
                return READ_TIMEOUT;
            }
        };
        try {
            while (!stopping && !source.isExhausted()) {
                List<io.numaproj.numaflow.sourcer.Message> batch = new ArrayList<>();
                source.read(request, batch::add);
                for (io.numaproj.numaflow.sourcer.Message m : batch) {
                    out.put(new Item(m.getKeys(), m.getValue(), m.getEventTime(), nextId.getAndIncrement()));
                }
                if (!batch.isEmpty()) {
                    List<Offset> offsets = batch.stream().map(io.numaproj.numaflow.sourcer.Message::getOffset).toList();
                    source.ack(() -> offsets);
                }
            }
            out.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail("source", e);
        }
    }

    private void runMap(int stage) {
        BlockingQueue<Item> in = buffers.get(stage);
        BlockingQueue<Item> out = buffers.get(stage + 1);
        Mapper mapper = maps.get(stage);
        try {
            while (true) {
                Item item = in.take();
                if (item == END) {
                    out.put(END);
                    return;
                }
                for (Message m : mapper.processMessage(item.keys(), LocalDatums.forMapper(item)).getMessages()) {
                    if (m.getTags() != null && Arrays.asList(m.getTags()).contains(Message.DROP)) {
                        continue;
                    }
                    String[] keys = m.getKeys() != null ? m.getKeys() : item.keys();
                    out.put(new Item(keys, m.getValue(), item.eventTime(), item.id()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail(mapper.getClass().getSimpleName(), e);
        }
    }

    private void runSink() {
        BlockingQueue<Item> in = buffers.get(buffers.size() - 1);
        try {
            boolean ended = false;
            while (!ended) {
                List<Item> batch = new ArrayList<>();
                batch.add(in.take());
                in.drainTo(batch, SINK_BATCH - 1);
                ended = batch.remove(END);
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail("sink", e);
        } finally {
            finished.countDown();
        }
    }

    /** Sends a batch to the sink, retrying what it refuses as Numaflow does, with a growing pause. */
    private void deliver(List<Item> batch) throws InterruptedException {
        List<Item> pending = batch;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            Map<String, Item> byId = new HashMap<>();
            pending.forEach(item -> byId.put(Long.toString(item.id()), item));
            List<Item> refused = new ArrayList<>();
            String lastError = null;
            for (Response r : sink.processMessages(LocalDatums.iterator(pending)).getResponses()) {
                if (!Boolean.TRUE.equals(r.getSuccess())) {
                    refused.add(byId.get(r.getId()));
                    lastError = r.getErr();
                }
            }
            if (refused.isEmpty()) {
                return;
            }
            if (attempt == SINK_ATTEMPTS) {
                lost.addAndGet(refused.size());
                log.atError().addKeyValue("frames", refused.size()).addKeyValue("attempts", attempt)
                        .addKeyValue("error", lastError).log("sink refused frames on every attempt, giving up on them");
                return;
            }
            Thread.sleep(100L << attempt);
            pending = refused;
        }
    }

    private void fail(String stage, RuntimeException e) {
        failure.compareAndSet(null, e);
        log.atError().addKeyValue("stage", stage).addKeyValue("error", e.toString())
                .log("a vertex handler threw; in Numaflow its pod would restart. Stopping.");
        stopping = true;
        finished.countDown();
    }
}
