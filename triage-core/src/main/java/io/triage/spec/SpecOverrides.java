package io.triage.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code path=value} overrides of a job spec's YAML, applied before the spec is read, so that an override is
 * validated exactly like the file: {@code models[0].policy.targetPrecision=0.97}, {@code name=fraud-eu},
 * {@code models[1].classes=[ok, fraud]}. A path names fields by their YAML names and list entries by index;
 * every step but the last must exist (a typo in a field name is caught when the spec is read, as in a file).
 * The value is read as YAML: numbers, booleans, {@code null} (back to the default) and flow lists or maps.
 */
public final class SpecOverrides {
    private static final Pattern STEP = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private SpecOverrides() {}

    /** The tree with every override applied (in order); problems are collected into one {@link SpecException}. */
    public static JsonNode apply(ObjectNode tree, List<String> overrides) {
        List<String> problems = new ArrayList<>();
        for (String o : overrides) {
            try {
                set(tree, o);
            } catch (IllegalArgumentException e) {
                problems.add("--set " + o + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new SpecException(problems);
        return tree;
    }

    private static void set(ObjectNode tree, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("expected path=value");
        String path = override.substring(0, eq).trim();
        JsonNode value;
        try {
            value = SpecLoader.yamlValue(override.substring(eq + 1).trim());
        } catch (IOException e) {
            throw new IllegalArgumentException("value is not YAML (" + e.getMessage().split("\n")[0] + ")");
        }
        JsonNode node = tree;
        String[] steps = path.split("\\.", -1);
        StringBuilder at = new StringBuilder();
        for (int s = 0; s < steps.length; s++) {
            Matcher m = STEP.matcher(steps[s]);
            if (!m.matches()) throw new IllegalArgumentException("'" + steps[s] + "' is not a field name or field[index]");
            String field = m.group(1);
            List<Integer> indices = new ArrayList<>();
            Matcher i = INDEX.matcher(m.group(2));
            while (i.find()) indices.add(Integer.parseInt(i.group(1)));
            at.append(at.length() == 0 ? "" : ".").append(field);
            if (!(node instanceof ObjectNode obj)) throw new IllegalArgumentException(at + " is not inside a map");
            boolean last = s == steps.length - 1;
            if (last && indices.isEmpty()) {
                obj.set(field, value);
                return;
            }
            JsonNode child = obj.get(field);
            if (child == null || child.isNull()) throw new IllegalArgumentException(at + " is not set in the spec");
            for (int k = 0; k < indices.size(); k++) {
                int index = indices.get(k);
                if (!(child instanceof ArrayNode list)) throw new IllegalArgumentException(at + " is not a list");
                if (index >= list.size()) {
                    throw new IllegalArgumentException(at + "[" + index + "]: the list has " + list.size() + " entries");
                }
                at.append('[').append(index).append(']');
                if (last && k == indices.size() - 1) {
                    list.set(index, value);
                    return;
                }
                child = list.get(index);
            }
            node = child;
        }
    }
}
