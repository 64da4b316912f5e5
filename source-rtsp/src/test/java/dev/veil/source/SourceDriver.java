package dev.veil.source;

import dev.veil.frame.FrameCodec;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.v1.Frame;
import dev.veil.testing.Await;
import io.numaproj.numaflow.sourcer.Message;
import io.numaproj.numaflow.sourcer.Offset;
import io.numaproj.numaflow.sourcer.ReadRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Calls a source's handler methods the way Numaflow's data plane does, in the test's own thread. */
final class SourceDriver {

    private SourceDriver() {
    }

    static List<Message> read(VideoSource source, long count, Duration timeout) {
        List<Message> out = new ArrayList<>();
        source.read(new ReadRequest() {
            @Override
            public long getCount() {
                return count;
            }

            @Override
            public Duration getTimeout() {
                return timeout;
            }
        }, out::add);
        return out;
    }

    static void ack(VideoSource source, List<Message> messages) {
        List<Offset> offsets = messages.stream().map(Message::getOffset).toList();
        source.ack(() -> offsets);
    }

    /** Reads and acknowledges until {@code wanted} messages came, or the source is exhausted, or 60 s pass. */
    static List<Message> readAll(VideoSource source, int wanted) {
        List<Message> all = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (all.size() < wanted && System.nanoTime() < deadline) {
            List<Message> got = read(source, Math.min(7, wanted - all.size()), Duration.ofMillis(300));
            if (!got.isEmpty()) {
                ack(source, got);
                all.addAll(got);
            } else if (source.isExhausted()) {
                break;
            }
        }
        return all;
    }

    static Frame frame(Message m) {
        try {
            return FrameCodec.decode(m.getValue());
        } catch (InvalidFrameException e) {
            throw new AssertionError("not a valid frame: " + e.getMessage(), e);
        }
    }

    static List<Frame> frames(List<Message> messages) {
        return messages.stream().map(SourceDriver::frame).toList();
    }

    static String offset(Message m) {
        return new String(m.getOffset().getValue(), StandardCharsets.UTF_8);
    }

    /** Returns once {@code condition} holds (the source's counters say so); fails naming {@code what} at the timeout. */
    static void waitFor(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, timeout, condition);
    }
}
