package io.fasterapi.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON for the API: Jackson for writing, and a validating reader for request bodies that reports every
 * problem at once, with its location, the way FastAPI does: records (nested, in lists and maps),
 * {@link Optional} for optional fields, lax conversion of numeric and boolean strings, and unknown fields
 * ignored. Thread-safe.
 */
final class Json {
    private final ObjectMapper mapper;
    private final Map<Class<?>, MethodHandle> constructors = new ConcurrentHashMap<>();
    private final Map<Class<?>, ObjectWriter> writers = new ConcurrentHashMap<>();
    /** Per platform thread (event loops): one growable output buffer, reused for every response. */
    private final ThreadLocal<Output> outputs = ThreadLocal.withInitial(Output::new);

    /** A reusable byte sink; {@link #buffer()} holds {@link #size()} bytes until the next write on this thread. */
    static final class Output extends OutputStream {
        private byte[] buffer = new byte[1024];
        private int size;

        @Override
        public void write(int b) {
            ensure(1);
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buffer, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        byte[] buffer() {
            return buffer;
        }

        int size() {
            return size;
        }
    }

    Json(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    static ObjectMapper defaultMapper() {
        return JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    ObjectMapper mapper() {
        return mapper;
    }

    byte[] write(Object value) {
        if (value == null) {
            return "null".getBytes(StandardCharsets.US_ASCII);
        }
        try {
            return writer(value).writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code value} into this thread's reusable buffer, valid until the next call on this thread: for
     * event-loop threads, which answer at once. Saves the result array and its copy on every response.
     */
    Output writeReusable(Object value) {
        Output out = outputs.get();
        out.size = 0;
        try {
            writer(value).writeValue(out, value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON: " + e.getMessage(), e);
        }
        if (out.buffer.length > 1 << 20) {
            outputs.remove(); // do not keep a huge buffer for one big response
        }
        return out;
    }

    /** A writer with its root serializer looked up once per class. */
    private ObjectWriter writer(Object value) {
        Class<?> type = value.getClass();
        ObjectWriter writer = writers.get(type);
        if (writer == null) {
            writer = mapper.writerFor(type);
            if (writers.size() < 1024) {
                writers.put(type, writer);
            }
        }
        return writer;
    }

    /**
     * Reads {@code body} as {@code type}; every problem goes to {@code errors} (locations start with "body").
     * Returns null when there were errors.
     */
    Object read(byte[] body, Type type, List<ValidationError> errors) {
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (IOException e) {
            errors.add(new ValidationError("json_invalid", List.of("body", 0), "JSON decode error", null));
            return null;
        }
        if (node == null || node.isMissingNode()) {
            errors.add(new ValidationError("missing", List.of("body"), "Field required", null));
            return null;
        }
        int before = errors.size();
        Object value = convert(node, type, new ArrayList<>(List.of("body")), errors);
        return errors.size() == before ? value : null;
    }

    private Object convert(JsonNode node, Type type, List<Object> loc, List<ValidationError> errors) {
        Class<?> raw = rawClass(type);
        if (raw == Optional.class) {
            return node.isNull() ? Optional.empty() : Optional.ofNullable(convert(node, argument(type, 0), loc, errors));
        }
        if (raw == java.util.OptionalInt.class) {
            Object v = node.isNull() ? null : convert(node, int.class, loc, errors);
            return v == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of((Integer) v);
        }
        if (raw == java.util.OptionalLong.class) {
            Object v = node.isNull() ? null : convert(node, long.class, loc, errors);
            return v == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of((Long) v);
        }
        if (raw == java.util.OptionalDouble.class) {
            Object v = node.isNull() ? null : convert(node, double.class, loc, errors);
            return v == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of((Double) v);
        }
        if (node.isNull()) {
            if (raw.isPrimitive() || !(raw == Object.class || raw == JsonNode.class)) {
                errors.add(new ValidationError(typeId(raw) + "_type", loc, "Input should be " + describe(raw), null));
            }
            return null;
        }
        if (raw.isRecord()) {
            return record(node, raw, loc, errors);
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return collection(node, raw, type, loc, errors);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return map(node, type, loc, errors);
        }
        if (raw == JsonNode.class || raw == Object.class) {
            return raw == JsonNode.class ? node : mapper.convertValue(node, Object.class);
        }
        if (Params.isSupported(raw)) {
            return scalar(node, raw, loc, errors);
        }
        try {
            return mapper.treeToValue(node, mapper.constructType(type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            errors.add(new ValidationError("value_error", loc, "Value error, " + e.getMessage(), input(node)));
            return null;
        }
    }

    private Object scalar(JsonNode node, Class<?> raw, List<Object> loc, List<ValidationError> errors) {
        if (node.isContainerNode()) {
            errors.add(new ValidationError(typeId(raw) + "_type", loc, "Input should be " + describe(raw), input(node)));
            return null;
        }
        boolean numeric = raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
                || raw == short.class || raw == Short.class;
        if (numeric && node.isFloatingPointNumber() && node.doubleValue() != Math.rint(node.doubleValue())) {
            errors.add(new ValidationError("int_from_float", loc,
                    "Input should be a valid integer, got a number with a fractional part", input(node)));
            return null;
        }
        if (raw == String.class && !node.isTextual()) {
            errors.add(new ValidationError("string_type", loc, "Input should be a valid string", input(node)));
            return null;
        }
        if ((raw == boolean.class || raw == Boolean.class) && node.isNumber() && !node.isIntegralNumber()) {
            errors.add(new ValidationError("bool_parsing", loc, "Input should be a valid boolean", input(node)));
            return null;
        }
        try {
            return Params.convert(node.isTextual() ? node.textValue() : node.asText(), raw);
        } catch (Params.ConversionException e) {
            errors.add(new ValidationError(e.type(), loc, e.getMessage(), input(node)));
            return null;
        }
    }

    private Object record(JsonNode node, Class<?> raw, List<Object> loc, List<ValidationError> errors) {
        if (!node.isObject()) {
            errors.add(new ValidationError("model_attributes_type", loc,
                    "Input should be a valid dictionary or object to extract fields from", input(node)));
            return null;
        }
        RecordComponent[] components = raw.getRecordComponents();
        Object[] values = new Object[components.length];
        int before = errors.size();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            List<Object> at = new ArrayList<>(loc);
            at.add(component.getName());
            JsonNode child = node.get(component.getName());
            if (child == null) {
                Class<?> t = component.getType();
                if (t == Optional.class) {
                    values[i] = Optional.empty();
                } else if (t == java.util.OptionalInt.class) {
                    values[i] = java.util.OptionalInt.empty();
                } else if (t == java.util.OptionalLong.class) {
                    values[i] = java.util.OptionalLong.empty();
                } else if (t == java.util.OptionalDouble.class) {
                    values[i] = java.util.OptionalDouble.empty();
                } else {
                    errors.add(new ValidationError("missing", at, "Field required", input(node)));
                }
                continue;
            }
            values[i] = convert(child, component.getGenericType(), at, errors);
        }
        if (errors.size() != before) {
            return null;
        }
        try {
            return (Object) constructor(raw).invokeExact(values);
        } catch (IllegalArgumentException e) {
            // a compact constructor's own validation
            errors.add(new ValidationError("value_error", loc, "Value error, " + e.getMessage(), input(node)));
            return null;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot construct " + raw.getName(), t);
        }
    }

    @SuppressWarnings("unchecked")
    private Object collection(JsonNode node, Class<?> raw, Type type, List<Object> loc, List<ValidationError> errors) {
        if (!node.isArray()) {
            errors.add(new ValidationError(Set.class.isAssignableFrom(raw) ? "set_type" : "list_type", loc,
                    "Input should be a valid " + (Set.class.isAssignableFrom(raw) ? "set" : "list"), input(node)));
            return null;
        }
        Collection<Object> out = Set.class.isAssignableFrom(raw) ? new HashSet<>() : new ArrayList<>(node.size());
        Type element = argument(type, 0);
        for (int i = 0; i < node.size(); i++) {
            List<Object> at = new ArrayList<>(loc);
            at.add(i);
            out.add(convert(node.get(i), element, at, errors));
        }
        // Elements that failed are null here; the caller discards the value when there were errors.
        return Set.class.isAssignableFrom(raw) ? java.util.Collections.unmodifiableSet((Set<Object>) out)
                : java.util.Collections.unmodifiableList((List<Object>) out);
    }

    private Object map(JsonNode node, Type type, List<Object> loc, List<ValidationError> errors) {
        if (!node.isObject()) {
            errors.add(new ValidationError("dict_type", loc, "Input should be a valid dictionary", input(node)));
            return null;
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        Class<?> keyType = rawClass(argument(type, 0));
        Type valueType = argument(type, 1);
        node.properties().forEach(e -> {
            List<Object> at = new ArrayList<>(loc);
            at.add(e.getKey());
            Object key = e.getKey();
            if (keyType != String.class && keyType != Object.class && Params.isSupported(keyType)) {
                try {
                    key = Params.convert(e.getKey(), keyType); // Map<Integer, V>: JSON keys are text
                } catch (Params.ConversionException ce) {
                    errors.add(new ValidationError(ce.type(), at, ce.getMessage(), e.getKey()));
                    return;
                }
            }
            out.put(key, convert(e.getValue(), valueType, at, errors));
        });
        return out;
    }

    private MethodHandle constructor(Class<?> record) {
        return constructors.computeIfAbsent(record, r -> {
            Class<?>[] types = java.util.Arrays.stream(r.getRecordComponents()).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            try {
                var ctor = r.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                MethodHandle handle = MethodHandles.lookup().unreflectConstructor(ctor);
                // (Object[]) -> Object once, so each call is an invokeExact, not invokeWithArguments.
                return handle.asType(handle.type().generic()).asSpreader(Object[].class, types.length);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot use the canonical constructor of " + r.getName()
                        + " (is the record public, or its package open?)", e);
            }
        });
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                ? p.getActualTypeArguments()[index] : Object.class;
    }

    private static Object input(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node;
    }

    static String typeId(Class<?> raw) {
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class || raw == short.class
                || raw == Short.class) {
            return "int";
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return "float";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "bool";
        }
        if (raw == String.class) {
            return "string";
        }
        if (raw.isRecord() || Map.class.isAssignableFrom(raw)) {
            return "model";
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return "list";
        }
        return "value";
    }

    private static String describe(Class<?> raw) {
        return switch (typeId(raw)) {
            case "int" -> "a valid integer";
            case "float" -> "a valid number";
            case "bool" -> "a valid boolean";
            case "string" -> "a valid string";
            case "model" -> "a valid dictionary or object";
            case "list" -> "a valid list";
            default -> "a valid " + raw.getSimpleName();
        };
    }
}
