package io.fasterapi.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * The OpenAPI 3.1 document of an app, made once at start from its routes, as FastAPI makes it: an operation per
 * route with its path, query and header parameters (types, required or default), its JSON body and response as
 * JSON Schema (records become {@code components/schemas}), and the 422 validation error shape for routes that
 * validate input. WebSocket routes are left out (OpenAPI has no way to describe them). Lambda routes have no
 * declared types: their path parameters are strings and their response is any JSON.
 */
final class OpenApi {
    private static final String REF = "#/components/schemas/";

    private final Map<String, Object> schemas = new LinkedHashMap<>();
    /** Record type (its name, type arguments included) → its schema name; taken before the schema is made (recursion). */
    private final Map<String, String> names = new HashMap<>();
    private boolean validationErrorsUsed;

    private OpenApi() {}

    /** Writes the document: a plain mapper of its own, whatever the app did to its mapper. */
    private static final ObjectMapper WRITER = new ObjectMapper();
    /** The operations OpenAPI 3.1 can describe; routes with other methods are left out. */
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** The document for {@code routes}, as JSON bytes. */
    static byte[] document(String title, String version, List<Route> routes) {
        Map<String, Object> doc = new OpenApi().build(title, version, routes);
        try {
            return WRITER.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the OpenAPI document", e);
        }
    }

    /** A Swagger UI page (loaded from the jsDelivr CDN, as FastAPI does) showing {@code openApiPath}. */
    static String swaggerUi(String title, String openApiPath) {
        String t = html(title);
        return "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>" + t + " - Swagger UI</title>\n"
                + "<link rel=\"stylesheet\" href=\"https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css\">\n"
                + "</head>\n<body>\n<div id=\"swagger-ui\"></div>\n"
                + "<script src=\"https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js\"></script>\n"
                + "<script>\nSwaggerUIBundle({url: " + jsString(openApiPath) + ", dom_id: '#swagger-ui', deepLinking: true,\n"
                + "  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset], layout: 'BaseLayout'});\n"
                + "</script>\n</body>\n</html>\n";
    }

    private Map<String, Object> build(String title, String version, List<Route> routes) {
        Map<String, Object> paths = new LinkedHashMap<>();
        Set<String> operationIds = new java.util.HashSet<>();
        for (Route route : routes) {
            String method = route.method().toLowerCase(Locale.ROOT);
            if (route.isWebSocket() || !METHODS.contains(method)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.template(),
                    t -> new LinkedHashMap<String, Object>());
            item.put(method, operation(route, method, operationIds));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", title, "version", version));
        doc.put("paths", paths);
        if (validationErrorsUsed) {
            schemas.put("ValidationError", object(props(
                    "loc", Map.of("type", "array", "title", "Location",
                            "items", Map.of("anyOf", List.of(Map.of("type", "string"), Map.of("type", "integer")))),
                    "msg", Map.of("type", "string", "title", "Message"),
                    "type", Map.of("type", "string", "title", "Error Type"),
                    "input", Map.of("title", "Input")), List.of("loc", "msg", "type"), "ValidationError"));
            schemas.put("HTTPValidationError", object(props(
                    "detail", Map.of("type", "array", "title", "Detail", "items", Map.of("$ref", REF + "ValidationError"))),
                    List.of(), "HTTPValidationError"));
        }
        if (!schemas.isEmpty()) {
            doc.put("components", Map.of("schemas", schemas));
        }
        return doc;
    }

    private Map<String, Object> operation(Route route, String method, Set<String> operationIds) {
        java.lang.reflect.Method handler = route.handlerMethod();
        Map<String, Object> op = new LinkedHashMap<>();
        String summary = route.summary() != null ? route.summary()
                : handler != null ? words(handler.getName()) : route.method() + " " + route.template();
        op.put("summary", summary);
        String base = handler != null ? handler.getName()
                : method + route.template().replaceAll("[^A-Za-z0-9]+", "_");
        String id = base;
        for (int n = 2; !operationIds.add(id); n++) {
            id = base + "_" + n;
        }
        op.put("operationId", id);

        List<Object> parameters = new ArrayList<>();
        Object body = null;
        boolean validates = false;
        if (handler == null) {
            for (String name : Controllers.templateParams(route.template())) {
                parameters.add(parameter(name, "path", true, Map.of("type", "string"), null));
                validates = true;
            }
        }
        for (ParamSource p : route.params()) {
            switch (p) {
                case ParamSource.PathParam path -> {
                    parameters.add(parameter(path.name(), "path", true, schema(path.type()), null));
                    validates = true;
                }
                case ParamSource.QueryParam query -> {
                    parameters.add(valueParameter(query.name(), "query", query.type(), query.arity(), query.defaultValue()));
                    validates = true;
                }
                case ParamSource.HeaderParam header -> {
                    parameters.add(valueParameter(header.name(), "header", header.type(), header.arity(), header.defaultValue()));
                    validates = true;
                }
                case ParamSource.BodyParam b -> {
                    body = requestBody(b.type());
                    validates = true;
                }
                case ParamSource.DependencyParam d -> { }
                case ParamSource.RequestParam r -> { }
            }
        }
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        if (body != null) {
            op.put("requestBody", body);
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(Integer.toString(route.status()), response(route.status(), handler));
        if (validates) {
            validationErrorsUsed = true;
            responses.put("422", Map.of("description", "Validation Error",
                    "content", Map.of("application/json", Map.of("schema", Map.of("$ref", REF + "HTTPValidationError")))));
        }
        op.put("responses", responses);
        return op;
    }

    private Map<String, Object> valueParameter(String name, String in, Class<?> type, ParamSource.Arity arity,
                                               String defaultValue) {
        Map<String, Object> schema = new LinkedHashMap<>(schema(type));
        if (arity == ParamSource.Arity.LIST) {
            return parameter(name, in, false, Map.of("type", "array", "items", schema), null);
        }
        boolean hasDefault = arity == ParamSource.Arity.ONE && defaultValue != null && !Params.NO_DEFAULT.equals(defaultValue);
        boolean required = arity == ParamSource.Arity.ONE && !hasDefault;
        if (hasDefault) {
            Object value = typedDefault(type, defaultValue);
            if (value != null) {
                schema.put("default", value);
            }
        }
        return parameter(name, in, required, schema, null);
    }

    private static Map<String, Object> parameter(String name, String in, boolean required, Map<String, Object> schema,
                                                 String description) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("in", in);
        p.put("required", required);
        p.put("schema", schema);
        if (description != null) {
            p.put("description", description);
        }
        return p;
    }

    private Map<String, Object> requestBody(Type type) {
        Class<?> raw = raw(type);
        String mediaType;
        Map<String, Object> schema;
        if (raw == byte[].class) {
            mediaType = "application/octet-stream";
            schema = Map.of("type", "string", "format", "binary");
        } else if (raw == String.class) {
            mediaType = "text/plain";
            schema = Map.of("type", "string");
        } else {
            mediaType = "application/json";
            schema = schema(type);
        }
        // Raw bodies may be empty (the route gets an empty array or string); JSON bodies must be there.
        return Map.of("required", mediaType.equals("application/json"), "content", Map.of(mediaType, Map.of("schema", schema)));
    }

    private Map<String, Object> response(int status, java.lang.reflect.Method handler) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("description", status == 201 ? "Created" : status == 204 ? "No Content" : "Successful Response");
        if (!io.fasterapi.http.HttpStatus.hasContent(status)) {
            return r;
        }
        Type type = handler == null ? Object.class : unwrapAsync(handler.getGenericReturnType());
        Class<?> raw = raw(type);
        if (raw == Response.class) {
            return r; // the handler decides the content
        }
        if (CharSequence.class.isAssignableFrom(raw)) {
            r.put("content", Map.of("text/plain", Map.of("schema", Map.of("type", "string"))));
        } else if (raw == byte[].class) {
            r.put("content", Map.of("application/octet-stream",
                    Map.of("schema", Map.of("type", "string", "format", "binary"))));
        } else if (raw == void.class || raw == Void.class) {
            r.put("content", Map.of("application/json", Map.of("schema", Map.of("type", "null"))));
        } else {
            r.put("content", Map.of("application/json", Map.of("schema", schema(type))));
        }
        return r;
    }

    private static Type unwrapAsync(Type type) {
        while (type instanceof ParameterizedType p && CompletionStage.class.isAssignableFrom(raw(p))) {
            type = p.getActualTypeArguments()[0];
        }
        if (type instanceof Class<?> c && CompletionStage.class.isAssignableFrom(c)) {
            return Object.class;
        }
        return type;
    }

    // ---------------------------------------------------------------- JSON Schema

    /** The JSON Schema of values of {@code type} as the app reads and writes them (Jackson, records). */
    Map<String, Object> schema(Type type) {
        if (type instanceof WildcardType w) {
            return schema(w.getUpperBounds()[0]);
        }
        if (type instanceof GenericArrayType g) {
            return Map.of("type", "array", "items", schema(g.getGenericComponentType()));
        }
        Class<?> raw = raw(type);
        if (raw == String.class || raw == char.class || raw == Character.class || raw == char[].class) {
            return Map.of("type", "string");
        }
        if (raw == OptionalInt.class) {
            return nullable(schema(int.class));
        }
        if (raw == OptionalLong.class) {
            return nullable(schema(long.class));
        }
        if (raw == OptionalDouble.class) {
            return nullable(schema(double.class));
        }
        if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class
                || raw == byte.class || raw == Byte.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (raw == long.class || raw == Long.class) {
            return Map.of("type", "integer", "format", "int64");
        }
        if (raw == BigInteger.class) {
            return Map.of("type", "integer");
        }
        if (raw == double.class || raw == Double.class) {
            return Map.of("type", "number", "format", "double");
        }
        if (raw == float.class || raw == Float.class) {
            return Map.of("type", "number", "format", "float");
        }
        if (raw == BigDecimal.class) {
            return Map.of("type", "number");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (raw == UUID.class) {
            return Map.of("type", "string", "format", "uuid");
        }
        if (raw == LocalDate.class) {
            return Map.of("type", "string", "format", "date");
        }
        if (raw == LocalTime.class) { // no offset: RFC 3339's "time" format would require one
            return Map.of("type", "string", "pattern", "^\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?$",
                    "description", "local time, no offset (HH:MM[:SS[.fraction]])");
        }
        if (raw == LocalDateTime.class) { // no offset: RFC 3339's "date-time" would require one
            return Map.of("type", "string",
                    "pattern", "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?$",
                    "description", "local date and time, no offset (YYYY-MM-DDTHH:MM[:SS[.fraction]])");
        }
        if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (raw == byte[].class) {
            return Map.of("type", "string", "contentEncoding", "base64"); // Jackson writes byte[] as base64
        }
        if (raw.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object constant : raw.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            return Map.of("type", "string", "enum", values);
        }
        if (raw == Optional.class) {
            return nullable(schema(argument(type, 0)));
        }
        if (raw.isArray()) {
            return Map.of("type", "array", "items", schema(raw.getComponentType()));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("type", "array");
            s.put("items", schema(argument(type, 0)));
            if (Set.class.isAssignableFrom(raw)) {
                s.put("uniqueItems", true);
            }
            return s;
        }
        if (Map.class.isAssignableFrom(raw)) {
            return Map.of("type", "object", "additionalProperties", schema(argument(type, 1)));
        }
        if (raw.isRecord()) {
            return Map.of("$ref", REF + record(type));
        }
        return Map.of(); // any JSON value
    }

    /**
     * The schema name of a record type, made on first use. A generic record gets one schema per set of type
     * arguments ({@code Page<User>} → {@code Page_User_}, as FastAPI names them), its type variables bound.
     */
    private String record(Type recordType) {
        Class<?> type = raw(recordType);
        String key = recordType.getTypeName();
        String known = names.get(key);
        if (known != null) {
            return known;
        }
        Map<String, Type> bindings = new HashMap<>();
        String name = type.getSimpleName();
        if (recordType instanceof ParameterizedType p) {
            java.lang.reflect.TypeVariable<?>[] variables = type.getTypeParameters();
            Type[] arguments = p.getActualTypeArguments();
            for (int i = 0; i < variables.length && i < arguments.length; i++) {
                bindings.put(variables[i].getName(), arguments[i]);
            }
            name = argumentName(recordType);
        }
        if (schemas.containsKey(name) || names.containsValue(name) || name.equals("ValidationError")
                || name.equals("HTTPValidationError")) {
            name = key.replaceAll("[^A-Za-z0-9]+", "_");
        }
        names.put(key, name);
        schemas.put(name, Map.of()); // placeholder keeps the order and stops recursion
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            Map<String, Object> s = new LinkedHashMap<>(schema(bind(c.getGenericType(), bindings)));
            s.put("title", words(c.getName()));
            properties.put(c.getName(), s);
            Class<?> raw = c.getType();
            if (raw != Optional.class && raw != OptionalInt.class && raw != OptionalLong.class
                    && raw != OptionalDouble.class) {
                required.add(c.getName());
            }
        }
        schemas.put(name, object(properties, required, name));
        return name;
    }

    /** {@code Page<List<User>>} → {@code Page_List_User__}. */
    private static String argumentName(Type type) {
        StringBuilder sb = new StringBuilder(raw(type).getSimpleName());
        if (type instanceof ParameterizedType p) {
            sb.append('_');
            for (Type a : p.getActualTypeArguments()) {
                sb.append(argumentName(a)).append('_');
            }
        }
        return sb.toString();
    }

    /** {@code type} with the record's type variables replaced by their arguments. */
    private static Type bind(Type type, Map<String, Type> bindings) {
        if (bindings.isEmpty()) {
            return type;
        }
        if (type instanceof java.lang.reflect.TypeVariable<?> v) {
            return bindings.getOrDefault(v.getName(), Object.class);
        }
        if (type instanceof WildcardType w) {
            return bind(w.getUpperBounds()[0], bindings);
        }
        if (type instanceof GenericArrayType g) {
            Type component = bind(g.getGenericComponentType(), bindings);
            return component instanceof Class<?> c ? c.arrayType() : (GenericArrayType) () -> component;
        }
        if (type instanceof ParameterizedType p) {
            Type[] arguments = p.getActualTypeArguments().clone();
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = bind(arguments[i], bindings);
            }
            return new Bound((Class<?>) p.getRawType(), arguments);
        }
        return type;
    }

    /** A parameterized type made by {@link #bind}. */
    private record Bound(Class<?> rawType, Type[] arguments) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return arguments.clone();
        }

        @Override
        public Type getRawType() {
            return rawType;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }

        @Override
        public String getTypeName() {
            StringBuilder sb = new StringBuilder(rawType.getTypeName()).append('<');
            for (int i = 0; i < arguments.length; i++) {
                sb.append(i == 0 ? "" : ",").append(arguments[i].getTypeName());
            }
            return sb.append('>').toString();
        }
    }

    private static Map<String, Object> object(Map<String, Object> properties, List<String> required, String title) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("title", title);
        s.put("properties", properties);
        if (!required.isEmpty()) {
            s.put("required", required);
        }
        return s;
    }

    private static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> nullable(Map<String, Object> schema) {
        return Map.of("anyOf", List.of(schema, Map.of("type", "null")));
    }

    /** The default as the server converts it ({@code "yes"} → {@code true}), as JSON; null if it does not convert. */
    private static Object typedDefault(Class<?> type, String value) {
        try {
            Object v = Params.convert(value, type);
            if (v instanceof Enum<?> e) {
                return e.name();
            }
            if (v instanceof Number || v instanceof Boolean || v instanceof String) {
                return v;
            }
            return v == null ? null : v.toString(); // UUID, dates: their text form
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType) {
            return Object[].class;
        }
        return Object.class;
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                ? p.getActualTypeArguments()[index] : Object.class;
    }

    /** {@code getItem} → {@code Get Item}, {@code unit_price} → {@code Unit Price}. */
    static String words(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        boolean upperNext = true;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '_') {
                sb.append(' ');
                upperNext = true;
                continue;
            }
            if (Character.isUpperCase(ch) && i > 0 && name.charAt(i - 1) != '_' && !Character.isUpperCase(name.charAt(i - 1))) {
                sb.append(' ');
            }
            sb.append(upperNext ? Character.toUpperCase(ch) : ch);
            upperNext = false;
        }
        return sb.toString();
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String jsString(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (char ch : s.toCharArray()) {
            if (ch == '\'' || ch == '\\' || ch == '<' || ch == '>' || ch < 0x20) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('\'').toString();
    }
}
