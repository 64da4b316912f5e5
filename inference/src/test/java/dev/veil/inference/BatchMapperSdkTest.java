package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numaproj.numaflow.batchmapper.BatchMapper;
import io.numaproj.numaflow.batchmapper.BatchResponse;
import io.numaproj.numaflow.batchmapper.BatchResponses;
import io.numaproj.numaflow.batchmapper.Datum;
import io.numaproj.numaflow.batchmapper.DatumIterator;
import io.numaproj.numaflow.batchmapper.GRPCConfig;
import io.numaproj.numaflow.batchmapper.Message;
import io.numaproj.numaflow.batchmapper.Server;
import io.numaproj.numaflow.map.v1.MapOuterClass.MapResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why the inference vertex is a unary {@code Mapper} that batches by itself, not a {@code BatchMapper}: the
 * numaflow-java 0.9.2 batch map server closes the gRPC stream after answering the first batch, so Numaflow's
 * second batch is never answered (fixed upstream in numaflow-java pull request 190, not in 0.9.2). When this test
 * fails after an SDK upgrade, the BatchMapper has become usable: see docs/inference.md.
 */
class BatchMapperSdkTest {

    /** Answers each datum with its own value. */
    private static final class Echo extends BatchMapper {
        @Override
        public BatchResponses processMessage(DatumIterator datums) {
            BatchResponses responses = new BatchResponses();
            try {
                for (Datum d = datums.next(); d != null; d = datums.next()) {
                    responses.append(new BatchResponse(d.getId()).append(new Message(d.getValue())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return responses;
        }
    }

    @Test
    void theBatchMapServerOf092EndsTheStreamAfterTheFirstBatch(@TempDir Path dir) throws Exception {
        int port = NumaflowMapClient.freePort();
        Server server = new Server(new Echo(), GRPCConfig.newBuilder().port(port).isLocal(true)
                .infoFilePath(dir.resolve("info").toString()).socketPath(dir.resolve("sock").toString()).build());
        server.start();
        try (NumaflowMapClient client = new NumaflowMapClient(port)) {
            List<Object> first = client.sendBatch(List.of(new byte[]{1}, new byte[]{2}));
            assertEquals(4, first.size(), "two answers, end of transmission, end of stream: " + first);
            assertTrue(first.get(2) instanceof MapResponse r && r.getStatus().getEot());
            assertEquals(NumaflowMapClient.COMPLETED, first.get(3), "the server closed the stream after one batch");

            List<Object> second = client.sendBatch(List.of(new byte[]{3}));
            assertEquals(List.of(), second, "nothing answers the second batch");
        } finally {
            server.stop();
        }
    }
}
