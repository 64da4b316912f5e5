package dev.veil.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** The leaves where two trees differ, as JSON pointers with both values. */
final class Diff {

    private Diff() {
    }

    record Change(String pointer, JsonNode before, JsonNode after) {
        @Override
        public String toString() {
            return pointer + ": " + text(before) + " -> " + text(after);
        }

        private static String text(JsonNode node) {
            return node == null || node.isMissingNode() ? "(absent)" : node.toString();
        }
    }

    static List<Change> changes(JsonNode before, JsonNode after) {
        List<Change> changes = new ArrayList<>();
        walk("", before, after, changes);
        return changes;
    }

    static String between(JsonNode before, JsonNode after) {
        List<Change> changes = changes(before, after);
        return changes.size() > 10 ? changes.subList(0, 10) + " and " + (changes.size() - 10) + " more" : changes.toString();
    }

    /** Numbers are equal by value: YAML's 1 and a model's long 1 are the same count. */
    private static boolean sameLeaf(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static void walk(String pointer, JsonNode a, JsonNode b, List<Change> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>(a.propertyNames());
            names.addAll(b.propertyNames());
            for (String name : names) {
                walk(pointer + "/" + name.replace("~", "~0").replace("/", "~1"), a.get(name), b.get(name), out);
            }
        } else if (a != null && b != null && a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                walk(pointer + "/" + i, a.get(i), b.get(i), out);
            }
        } else if (!sameLeaf(a, b)) {
            out.add(new Change(pointer, a, b));
        }
    }
}
