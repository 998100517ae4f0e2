package io.fasterapi.api;

import io.fasterapi.http.HttpMethod;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Path templates ({@code /items/{id}/parts/{part}}) in a trie of path segments, matched directly against the
 * request's path bytes: no String is made to route a request, and captured parameters are byte ranges until
 * someone asks for their value. At each segment a literal beats a parameter; if the literal branch fails
 * deeper down, matching backtracks into the parameter branch.
 *
 * <p>Built before the server starts, then read-only and safe to share between loops. {@link Match} state is
 * per caller.
 */
final class Router<T> {

    /** One path segment's node. */
    private static final class Node<T> {
        byte[][] literals = new byte[0][];
        List<Node<T>> literalChildren = new ArrayList<>();
        Node<T> param;
        String paramName;
        final EnumMap<HttpMethod, T> byMethod = new EnumMap<>(HttpMethod.class);
        final Map<String, T> otherMethods = new LinkedHashMap<>();
        String template;
        List<String> paramNames = List.of();

        boolean hasRoutes() {
            return !byMethod.isEmpty() || !otherMethods.isEmpty();
        }
    }

    /** Where a path matched; reused per caller. */
    static final class Match {
        static final int MAX_PARAMS = 32;
        final long[] starts = new long[MAX_PARAMS];
        final int[] lengths = new int[MAX_PARAMS];
        int count;
        MemorySegment segment;
        Object node;

        /** The {@code i}-th captured parameter, percent-decoded (UTF-8). */
        String param(int i) {
            return PercentDecoding.decode(segment, starts[i], lengths[i], false);
        }
    }

    private final Node<T> root = new Node<>();

    /**
     * Adds {@code target} for {@code method} (or, when {@code method} is {@link HttpMethod#OTHER}, for the
     * method named {@code methodName}) at {@code template}.
     */
    void add(HttpMethod method, String methodName, String template, T target) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("path template must start with '/': " + template);
        }
        Node<T> node = root;
        List<String> params = new ArrayList<>();
        for (String segment : segments(template)) {
            if (segment.startsWith("{") && segment.endsWith("}")) {
                String name = segment.substring(1, segment.length() - 1);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("invalid parameter name '" + name + "' in " + template);
                }
                if (params.contains(name)) {
                    throw new IllegalArgumentException("parameter '" + name + "' twice in " + template);
                }
                params.add(name);
                if (node.param == null) {
                    node.param = new Node<>();
                    node.paramName = name;
                } else if (!node.paramName.equals(name)) {
                    throw new IllegalArgumentException("conflicting parameter names {" + node.paramName + "} and {"
                            + name + "} at the same position: " + template);
                }
                node = node.param;
            } else {
                if (segment.contains("{") || segment.contains("}")) {
                    throw new IllegalArgumentException("a parameter must be a whole path segment: " + template);
                }
                node = literalChild(node, segment.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (params.size() > Match.MAX_PARAMS) {
            throw new IllegalArgumentException("more than " + Match.MAX_PARAMS + " parameters: " + template);
        }
        T previous = method == HttpMethod.OTHER ? node.otherMethods.putIfAbsent(methodName, target)
                : node.byMethod.putIfAbsent(method, target);
        if (previous != null) {
            throw new IllegalArgumentException("route " + methodName + " " + template + " is already defined");
        }
        node.template = template;
        node.paramNames = List.copyOf(params);
    }

    private static List<String> segments(String template) {
        List<String> out = new ArrayList<>();
        int from = 1;
        while (from <= template.length()) {
            int slash = template.indexOf('/', from);
            int end = slash < 0 ? template.length() : slash;
            out.add(template.substring(from, end));
            from = end + 1;
            if (slash < 0) {
                break;
            }
        }
        if (template.equals("/")) {
            return List.of();
        }
        return out;
    }

    private Node<T> literalChild(Node<T> node, byte[] literal) {
        for (int i = 0; i < node.literals.length; i++) {
            if (Arrays.equals(node.literals[i], literal)) {
                return node.literalChildren.get(i);
            }
        }
        node.literals = Arrays.copyOf(node.literals, node.literals.length + 1);
        node.literals[node.literals.length - 1] = literal;
        Node<T> child = new Node<>();
        node.literalChildren.add(child);
        return child;
    }

    /**
     * Finds the node for the path {@code segment[offset, offset + length)} (the raw path, without query).
     * Returns true if some route has this path; then {@link #target} and {@link #allowed} tell the rest.
     */
    boolean match(MemorySegment segment, long offset, int length, Match match) {
        match.count = 0;
        match.segment = segment;
        match.node = null;
        if (length > 0 && segment.get(ValueLayout.JAVA_BYTE, offset) != '/') {
            return false;
        }
        // An empty path (absolute-form target "http://host") is the root.
        Node<T> node = length <= 1 ? (root.hasRoutes() ? root : null)
                : walk(root, segment, offset + 1, offset + length, match);
        match.node = node;
        return node != null;
    }

    private Node<T> walk(Node<T> node, MemorySegment segment, long from, long end, Match match) {
        long slash = from;
        while (slash < end && segment.get(ValueLayout.JAVA_BYTE, slash) != '/') {
            slash++;
        }
        int segmentLength = (int) (slash - from);
        boolean last = slash >= end;
        for (int i = 0; i < node.literals.length; i++) {
            byte[] literal = node.literals[i];
            if (literal.length == segmentLength && equals(segment, from, literal)) {
                Node<T> child = node.literalChildren.get(i);
                Node<T> found = last ? (child.hasRoutes() ? child : null) : walk(child, segment, slash + 1, end, match);
                if (found != null) {
                    return found;
                }
            }
        }
        if (node.param != null && segmentLength > 0) {
            int index = match.count++;
            match.starts[index] = from;
            match.lengths[index] = segmentLength;
            Node<T> child = node.param;
            Node<T> found = last ? (child.hasRoutes() ? child : null) : walk(child, segment, slash + 1, end, match);
            if (found != null) {
                return found;
            }
            match.count--;
        }
        return null;
    }

    private static boolean equals(MemorySegment segment, long at, byte[] literal) {
        for (int i = 0; i < literal.length; i++) {
            if (segment.get(ValueLayout.JAVA_BYTE, at + i) != literal[i]) {
                return false;
            }
        }
        return true;
    }

    /** The target for {@code method} at the matched node, or null (then answer 405 with {@link #allowed}). */
    @SuppressWarnings("unchecked")
    T target(Match match, HttpMethod method, String methodName) {
        Node<T> node = (Node<T>) match.node;
        T target = method == HttpMethod.OTHER ? node.otherMethods.get(methodName) : node.byMethod.get(method);
        if (target == null && method == HttpMethod.HEAD) {
            target = node.byMethod.get(HttpMethod.GET); // RFC 9110 §9.3.2: HEAD is GET without the body
        }
        return target;
    }

    /** The value of an {@code Allow} header for the matched node. */
    @SuppressWarnings("unchecked")
    String allowed(Match match) {
        Node<T> node = (Node<T>) match.node;
        StringJoiner allow = new StringJoiner(", ");
        node.byMethod.keySet().forEach(m -> allow.add(m.name()));
        if (node.byMethod.containsKey(HttpMethod.GET) && !node.byMethod.containsKey(HttpMethod.HEAD)) {
            allow.add("HEAD");
        }
        node.otherMethods.keySet().forEach(allow::add);
        return allow.toString();
    }

    /** The template of the matched node. */
    @SuppressWarnings("unchecked")
    String template(Match match) {
        return ((Node<T>) match.node).template;
    }

    /** Parameter names of the matched node, in capture order. */
    @SuppressWarnings("unchecked")
    List<String> paramNames(Match match) {
        return ((Node<T>) match.node).paramNames;
    }
}
