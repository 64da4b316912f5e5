package dev.veil.inference;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.numaproj.numaflow.map.v1.MapGrpc;
import io.numaproj.numaflow.map.v1.MapOuterClass.Handshake;
import io.numaproj.numaflow.map.v1.MapOuterClass.MapRequest;
import io.numaproj.numaflow.map.v1.MapOuterClass.MapResponse;
import io.numaproj.numaflow.map.v1.MapOuterClass.TransmissionStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Speaks the map protocol the way Numaflow's data plane does, over numaflow-java's own generated stubs: one
 * long-lived MapFn stream opened with a handshake, then the messages of a read batch sent at once, each with its id
 * (and, for a batch map server, followed by an end-of-transmission status).
 */
final class NumaflowMapClient implements AutoCloseable {

    /** Marks the server closing its side of the stream. */
    static final Object COMPLETED = new Object();
    private static final long WAIT_SECONDS = 60;

    private final ManagedChannel channel;
    private final StreamObserver<MapRequest> requests;
    private final BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
    private int nextId;

    NumaflowMapClient(int port) throws InterruptedException {
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        requests = MapGrpc.newStub(channel).mapFn(new StreamObserver<>() {
            @Override
            public void onNext(MapResponse value) {
                responses.add(value);
            }

            @Override
            public void onError(Throwable t) {
                responses.add(t);
            }

            @Override
            public void onCompleted() {
                responses.add(COMPLETED);
            }
        });
        requests.onNext(MapRequest.newBuilder().setHandshake(Handshake.newBuilder().setSot(true)).build());
        Object hello = take();
        if (!(hello instanceof MapResponse r) || !r.getHandshake().getSot()) {
            throw new IllegalStateException("map server did not answer the handshake: " + hello);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Sends the messages at once, as one read batch of a unary map; returns each one's answer, in order. */
    List<MapResponse> sendAll(List<byte[]> values, List<String[]> keys) throws InterruptedException {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            String id = "m" + nextId++;
            index.put(id, i);
            requests.onNext(request(id, values.get(i), keys.get(i)));
        }
        MapResponse[] answers = new MapResponse[values.size()];
        for (int got = 0; got < values.size(); got++) {
            Object o = take();
            if (!(o instanceof MapResponse r) || !index.containsKey(r.getId())) {
                throw new IllegalStateException("unexpected answer: " + o);
            }
            answers[index.get(r.getId())] = r;
        }
        return List.of(answers);
    }

    /** Sends a batch followed by end-of-transmission, as to a batch map server; returns what came back before EOT. */
    List<Object> sendBatch(List<byte[]> values) throws InterruptedException {
        for (byte[] v : values) {
            requests.onNext(request("m" + nextId++, v, new String[]{"k"}));
        }
        requests.onNext(MapRequest.newBuilder().setStatus(TransmissionStatus.newBuilder().setEot(true)).build());
        List<Object> got = new java.util.ArrayList<>();
        while (true) {
            Object o = responses.poll(3, TimeUnit.SECONDS);
            if (o == null) {
                return got;
            }
            got.add(o);
            if (o == COMPLETED || o instanceof Throwable || (o instanceof MapResponse r && r.hasStatus() && r.getStatus().getEot())) {
                Object more = responses.poll(1, TimeUnit.SECONDS);
                if (more != null) {
                    got.add(more);
                }
                return got;
            }
        }
    }

    private static MapRequest request(String id, byte[] value, String[] keys) {
        Timestamp now = Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()).build();
        return MapRequest.newBuilder().setId(id).setRequest(MapRequest.Request.newBuilder()
                .setValue(ByteString.copyFrom(value)).addAllKeys(List.of(keys)).setEventTime(now).setWatermark(now))
                .build();
    }

    private Object take() throws InterruptedException {
        Object o = responses.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (o == null) {
            throw new IllegalStateException("no answer from the map server within " + WAIT_SECONDS + " s");
        }
        if (o instanceof Throwable t) {
            throw new IllegalStateException("map stream failed: " + t.getMessage(), t);
        }
        return o;
    }

    @Override
    public void close() {
        try {
            requests.onCompleted();
        } catch (RuntimeException e) {
            // the server may have closed the stream already
        }
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
