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
    /** Record class → its schema name (also guards against recursion: a name is taken before the schema is made). */
    private final Map<Class<?>, String> names = new HashMap<>();
    private boolean validationErrorsUsed;

    private OpenApi() {}

    /** The document for {@code routes}, as JSON bytes. */
    static byte[] document(String title, String version, List<Route> routes, ObjectMapper mapper) {
        Map<String, Object> doc = new OpenApi().build(title, version, routes);
        try {
            return mapper.writeValueAsBytes(doc);
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
        Map<String, Integer> operationIds = new HashMap<>();
        for (Route route : routes) {
            if (route.isWebSocket()) {
                continue;
            }
            String method = route.method().toLowerCase(Locale.ROOT);
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

    private Map<String, Object> operation(Route route, String method, Map<String, Integer> operationIds) {
        java.lang.reflect.Method handler = route.handlerMethod();
        Map<String, Object> op = new LinkedHashMap<>();
        String summary = route.summary() != null ? route.summary()
                : handler != null ? words(handler.getName()) : route.method() + " " + route.template();
        op.put("summary", summary);
        String base = handler != null ? handler.getName()
                : method + route.template().replaceAll("[^A-Za-z0-9]+", "_");
        int seen = operationIds.merge(base, 1, Integer::sum);
        op.put("operationId", seen == 1 ? base : base + "_" + seen);

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
        boolean hasDefault = defaultValue != null && !Params.NO_DEFAULT.equals(defaultValue);
        boolean required = arity == ParamSource.Arity.ONE && !hasDefault;
        if (hasDefault) {
            schema.put("default", typedDefault(type, defaultValue));
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
        return Map.of("required", true, "content", Map.of(mediaType, Map.of("schema", schema)));
    }

    private Map<String, Object> response(int status, java.lang.reflect.Method handler) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("description", status == 201 ? "Created" : status == 204 ? "No Content" : "Successful Response");
        if (status == 204 || status == 304 || status < 200) {
            return r;
        }
        Type type = handler == null ? Object.class : unwrapAsync(handler.getGenericReturnType());
        Class<?> raw = raw(type);
        if (raw == Response.class) {
            return r; // the handler decides the content
        }
        if (raw == String.class) {
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
        if (raw == String.class || raw == char.class || raw == Character.class) {
            return Map.of("type", "string");
        }
        if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class
                || raw == byte.class || raw == Byte.class || raw == OptionalInt.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (raw == long.class || raw == Long.class || raw == OptionalLong.class) {
            return Map.of("type", "integer", "format", "int64");
        }
        if (raw == BigInteger.class) {
            return Map.of("type", "integer");
        }
        if (raw == double.class || raw == Double.class || raw == OptionalDouble.class) {
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
        if (raw == LocalTime.class) {
            return Map.of("type", "string", "format", "time");
        }
        if (raw == LocalDateTime.class || raw == Instant.class || raw == OffsetDateTime.class
                || raw == ZonedDateTime.class) {
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
            return Map.of("$ref", REF + record(raw));
        }
        return Map.of(); // any JSON value
    }

    private String record(Class<?> type) {
        String known = names.get(type);
        if (known != null) {
            return known;
        }
        String name = type.getSimpleName();
        if (schemas.containsKey(name) || names.containsValue(name) || name.equals("ValidationError")
                || name.equals("HTTPValidationError")) {
            name = type.getName().replace('.', '_').replace('$', '_');
        }
        names.put(type, name);
        schemas.put(name, Map.of()); // placeholder keeps the order and stops recursion
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            Map<String, Object> s = new LinkedHashMap<>(schema(c.getGenericType()));
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

    private static Object typedDefault(Class<?> type, String value) {
        try {
            if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                    || type == short.class || type == Short.class) {
                return Long.parseLong(value);
            }
            if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
                return Double.parseDouble(value);
            }
            if (type == boolean.class || type == Boolean.class) {
                return Boolean.parseBoolean(value);
            }
        } catch (NumberFormatException e) {
            // shown as written
        }
        return value;
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
