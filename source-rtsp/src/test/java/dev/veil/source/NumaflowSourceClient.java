package dev.veil.source;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.numaproj.numaflow.source.v1.SourceGrpc;
import io.numaproj.numaflow.source.v1.SourceOuterClass;
import io.numaproj.numaflow.sourcer.Message;
import io.numaproj.numaflow.sourcer.Offset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Speaks the source protocol the way Numaflow's data plane does: one long-lived ReadFn stream and one AckFn
 * stream, each opened with a handshake, over the SDK's own generated stubs. (The 0.9.2 SourcerTestKit client
 * sends no handshake, which the 0.9.2 server refuses.)
 */
final class NumaflowSourceClient {

    private static final long WAIT_SECONDS = 30;

    private final ManagedChannel channel;
    private final SourceGrpc.SourceBlockingStub blocking;
    private final BlockingQueue<Object> readResponses = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> ackResponses = new LinkedBlockingQueue<>();
    private final StreamObserver<SourceOuterClass.ReadRequest> reads;
    private final StreamObserver<SourceOuterClass.AckRequest> acks;

    NumaflowSourceClient(int port) throws InterruptedException {
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        blocking = SourceGrpc.newBlockingStub(channel);
        SourceGrpc.SourceStub async = SourceGrpc.newStub(channel);
        reads = async.readFn(collectInto(readResponses));
        acks = async.ackFn(collectInto(ackResponses));
        SourceOuterClass.Handshake hello = SourceOuterClass.Handshake.newBuilder().setSot(true).build();
        reads.onNext(SourceOuterClass.ReadRequest.newBuilder().setHandshake(hello).build());
        acks.onNext(SourceOuterClass.AckRequest.newBuilder().setHandshake(hello).build());
        if (!((SourceOuterClass.ReadResponse) take(readResponses)).getHandshake().getSot()
                || !((SourceOuterClass.AckResponse) take(ackResponses)).getHandshake().getSot()) {
            throw new IllegalStateException("source did not answer the handshake");
        }
    }

    /** One read: the messages the source sent before its end-of-transmission status. */
    List<Message> read(long count, Duration timeout) throws InterruptedException {
        reads.onNext(SourceOuterClass.ReadRequest.newBuilder()
                .setRequest(SourceOuterClass.ReadRequest.Request.newBuilder()
                        .setNumRecords(count).setTimeoutInMs((int) timeout.toMillis()))
                .build());
        List<Message> messages = new ArrayList<>();
        while (true) {
            SourceOuterClass.ReadResponse response = (SourceOuterClass.ReadResponse) take(readResponses);
            if (response.hasStatus() && response.getStatus().getEot()) {
                if (response.getStatus().getCode() != SourceOuterClass.ReadResponse.Status.Code.SUCCESS) {
                    throw new IllegalStateException("read failed: " + response.getStatus().getMsg());
                }
                return messages;
            }
            SourceOuterClass.ReadResponse.Result r = response.getResult();
            messages.add(new Message(r.getPayload().toByteArray(),
                    new Offset(r.getOffset().getOffset().toByteArray(), r.getOffset().getPartitionId()),
                    Instant.ofEpochSecond(r.getEventTime().getSeconds(), r.getEventTime().getNanos()),
                    r.getKeysList().toArray(new String[0])));
        }
    }

    void ack(List<Offset> offsets) throws InterruptedException {
        SourceOuterClass.AckRequest.Request.Builder request = SourceOuterClass.AckRequest.Request.newBuilder();
        for (Offset o : offsets) {
            request.addOffsets(SourceOuterClass.Offset.newBuilder()
                    .setOffset(ByteString.copyFrom(o.getValue())).setPartitionId(o.getPartitionId()));
        }
        acks.onNext(SourceOuterClass.AckRequest.newBuilder().setRequest(request).build());
        take(ackResponses);
    }

    long pending() {
        return blocking.pendingFn(Empty.getDefaultInstance()).getResult().getCount();
    }

    List<Integer> partitions() {
        return blocking.partitionsFn(Empty.getDefaultInstance()).getResult().getPartitionsList();
    }

    void close() throws InterruptedException {
        reads.onCompleted();
        acks.onCompleted();
        channel.shutdown();
        channel.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static Object take(BlockingQueue<Object> queue) throws InterruptedException {
        Object o = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (o == null) {
            throw new IllegalStateException("no answer from the source within " + WAIT_SECONDS + " s");
        }
        if (o instanceof Throwable t) {
            throw new IllegalStateException("source stream failed: " + t.getMessage(), t);
        }
        return o;
    }

    private static <T> StreamObserver<T> collectInto(BlockingQueue<Object> queue) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                queue.add(value);
            }

            @Override
            public void onError(Throwable t) {
                queue.add(t);
            }

            @Override
            public void onCompleted() {
                // the server closes its side when we close ours
            }
        };
    }
}
