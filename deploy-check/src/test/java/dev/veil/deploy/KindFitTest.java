package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The cpu overlay fits the kind cluster it names: one node of 4 CPUs and 8 GiB, beside kind's control plane and
 * Numaflow's controller. The scheduler places pods by their requests, so the requests of everything the overlay
 * leads to (the pods Numaflow makes for it included) are added up against what the node has left.
 */
class KindFitTest {

    private static final long NODE_MILLICORES = 4000;
    /** 8 GiB less the kubelet's default hard eviction threshold (memory.available < 100Mi). */
    private static final long NODE_MEBIBYTES = 8192 - 100;
    /**
     * kind's control plane (kind v0.2x manifests): kube-apiserver 250m, kube-controller-manager 200m, kube-scheduler
     * 100m, etcd 100m and 100Mi, two CoreDNS 100m and 70Mi each, kindnet 100m and 50Mi.
     */
    private static final long KIND_MILLICORES = 950;
    private static final long KIND_MEBIBYTES = 290;
    /** Numaflow v1.8.3's install: controller-manager and numaflow-server, 100m and 200Mi each (config/base). */
    private static final long NUMAFLOW_MILLICORES = 200;
    private static final long NUMAFLOW_MEBIBYTES = 400;
    /**
     * What Numaflow gives a container it makes without a template (controller config defaults.containerResources,
     * 100m and 128Mi): the pipeline's daemon and its buffer-creating job. Every vertex pod also runs Numaflow's
     * monitor sidecar (10m, 20Mi: pkg/apis/numaflow/v1alpha1/monitor_container.go).
     */
    private static final long DEFAULT_MILLICORES = 100;
    private static final long DEFAULT_MEBIBYTES = 128;
    private static final long MONITOR_MILLICORES = 10;
    private static final long MONITOR_MEBIBYTES = 20;

    @Test
    void theCpuOverlayFitsAFourCpuEightGibKindNode() {
        Rendered r = Rendered.overlay("cpu");
        List<String> parts = new ArrayList<>();
        long[] total = {KIND_MILLICORES + NUMAFLOW_MILLICORES, KIND_MEBIBYTES + NUMAFLOW_MEBIBYTES};
        parts.add("kind and Numaflow " + total[0] + "m " + total[1] + "Mi");

        for (JsonNode d : r.ofKind("Deployment")) {
            int replicas = d.path("spec").path("replicas").asInt(1);
            d.path("spec").path("template").path("spec").path("containers").values()
                    .forEach(c -> add(total, parts, Yaml.describe(d), c.path("resources"), replicas));
        }
        for (JsonNode v : r.vertices()) {
            int replicas = v.path("scale").path("min").asInt(1);
            String name = "vertex " + v.path("name").asString();
            add(total, parts, name + " numa", v.path("containerTemplate").path("resources"), replicas);
            add(total, parts, name, Rendered.vertexContainer(v).orElseThrow().path("resources"), replicas);
            total[0] += replicas * MONITOR_MILLICORES;
            total[1] += replicas * MONITOR_MEBIBYTES;
        }
        total[0] += 2 * DEFAULT_MILLICORES;
        total[1] += 2 * DEFAULT_MEBIBYTES;
        parts.add("daemon and job " + 2 * DEFAULT_MILLICORES + "m " + 2 * DEFAULT_MEBIBYTES + "Mi");

        JsonNode jetstream = r.ofKind("InterStepBufferService").get(0).path("spec").path("jetstream");
        int servers = jetstream.path("replicas").asInt(3);
        for (String template : List.of("containerTemplate", "reloaderContainerTemplate", "metricsContainerTemplate")) {
            assertTrue(jetstream.path(template).path("resources").path("requests").has("cpu"),
                    "JetStream's " + template + " must say its requests, or Numaflow's defaults apply");
            add(total, parts, "JetStream " + template, jetstream.path(template).path("resources"), servers);
        }
        assertTrue(total[0] <= NODE_MILLICORES, "the cpu overlay asks for " + total[0] + "m of a 4-CPU node: " + parts);
        assertTrue(total[1] <= NODE_MEBIBYTES, "the cpu overlay asks for " + total[1] + "Mi of an 8 GiB node: " + parts);
    }

    @Test
    void theGpuOverlaysWouldNotFitThereSoTheCheckCanFail() {
        Rendered r = Rendered.overlay("t4");
        long millicores = 0;
        for (JsonNode v : r.vertices()) {
            millicores += Quantities.millicores(Rendered.vertexContainer(v).orElseThrow()
                    .path("resources").path("requests").path("cpu").asString("0"));
        }
        assertTrue(millicores > NODE_MILLICORES - KIND_MILLICORES, "the t4 overlay's vertices ask for " + millicores + "m");
    }

    private static void add(long[] total, List<String> parts, String what, JsonNode resources, int replicas) {
        long cpu = replicas * Quantities.millicores(resources.path("requests").path("cpu").asString("0"));
        long memory = replicas * Quantities.bytes(resources.path("requests").path("memory").asString("0")) / (1024 * 1024);
        total[0] += cpu;
        total[1] += memory;
        parts.add(what + " " + cpu + "m " + memory + "Mi");
    }
}
