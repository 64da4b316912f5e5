package dev.veil.deploy;

import dev.veil.deploy.Pods.Pod;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Kubernetes' NetworkPolicy ingress rules, evaluated for one connection: a pod that no Ingress policy selects takes
 * every connection; a selected pod takes one that some rule of some selecting policy allows (a peer by pod selector
 * in the policy's namespace, by namespace selector, or both; a port by number). The policies are those of one
 * namespace, the one the overlay is applied in. ipBlock peers and named ports are not used here and allow nothing.
 */
final class IngressPolicies {

    private final List<JsonNode> policies;

    IngressPolicies(Rendered rendered) {
        this.policies = rendered.ofKind("NetworkPolicy");
    }

    boolean allows(Pod client, Pod server, int port) {
        List<JsonNode> selecting = policies.stream()
                .filter(p -> isIngress(p) && Pods.selects(p.path("spec").path("podSelector"), server.labels()))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (JsonNode policy : selecting) {
            for (JsonNode rule : policy.path("spec").path("ingress").values()) {
                if (peerMatches(rule.path("from"), client) && portMatches(rule.path("ports"), port)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isIngress(JsonNode policy) {
        JsonNode types = policy.path("spec").path("policyTypes");
        if (types.isMissingNode() || types.isEmpty()) {
            return true; // Kubernetes' default when policyTypes is unset
        }
        return types.values().stream().anyMatch(t -> t.asString().equals("Ingress"));
    }

    private static boolean peerMatches(JsonNode from, Pod client) {
        if (from.isMissingNode() || from.isEmpty()) {
            return true;
        }
        for (JsonNode peer : from.values()) {
            boolean hasPods = peer.has("podSelector");
            boolean hasNamespaces = peer.has("namespaceSelector");
            if (!hasPods && !hasNamespaces) {
                continue; // an ipBlock: not modelled, allows nothing here
            }
            boolean namespaceOk = hasNamespaces
                    ? Pods.selects(peer.path("namespaceSelector"), client.namespaceLabels())
                    : client.namespaceLabels().equals(Pods.OWN_NAMESPACE);
            boolean podOk = !hasPods || Pods.selects(peer.path("podSelector"), client.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portMatches(JsonNode ports, int port) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        return ports.values().stream().anyMatch(p -> p.path("port").isNumber() && p.path("port").asInt() == port
                && p.path("protocol").asString("TCP").equals("TCP"));
    }
}
