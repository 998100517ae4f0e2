package io.fasterapi.api;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a handler parameter's value comes from, decided once when the route is registered. Resolution
 * collects every validation error of a request before failing, so a 422 lists them all.
 */
sealed interface ParamSource {

    /** How many values a query or header parameter takes. */
    enum Arity { ONE, OPTIONAL, LIST }

    Object resolve(Request request, Dependencies.Scope dependencies, List<ValidationError> errors);

    /** {@code @Path long id}. */
    record PathParam(String name, Class<?> type) implements ParamSource {
        @Override
        public Object resolve(Request request, Dependencies.Scope dependencies, List<ValidationError> errors) {
            String raw = request.pathParam(name);
            return convert(raw, type, List.of("path", name), errors);
        }
    }

    /** {@code @Query(defaultValue = "10") int limit}, {@code Optional<String> q}, {@code List<Integer> tag}. */
    record QueryParam(String name, Class<?> type, Arity arity, String defaultValue) implements ParamSource {
        @Override
        public Object resolve(Request request, Dependencies.Scope dependencies, List<ValidationError> errors) {
            return values(request.queryAll(name), type, arity, defaultValue, List.of("query", name), errors);
        }
    }

    /** {@code @Header String userAgent}. */
    record HeaderParam(String name, Class<?> type, Arity arity, String defaultValue) implements ParamSource {
        @Override
        public Object resolve(Request request, Dependencies.Scope dependencies, List<ValidationError> errors) {
            List<String> all = new ArrayList<>(1);
            for (var h : request.headers()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    all.add(h.getValue());
                }
            }
            return values(all, type, arity, defaultValue, List.of("header", name), errors);
        }
    }

    /** {@code @Body Item item}: JSON, validated; {@code byte[]} and {@code String} take the raw body. */
    record BodyParam(Type type) implements ParamSource {
        @Override
        public Object resolve(Request request, Dependencies.Scope dependencies, List<ValidationError> errors) {
            if (type == byte[].class) {
                return request.body();
            }
            if (type == String.class) {
                return request.text();
            }
            try {
                return request.json(type);
            } catch (RequestValidationException e) {
                errors.addAll(e.errors());
                return null;
            }
        }
    }

    /** A registered dependency. */
    record DependencyParam(Class<?> type) implements ParamSource {
        @Override
        public Object resolve(Request request, Dependencies.Scope dependencies, List<ValidationError> errors) {
            return dependencies.get(type);
        }
    }

    /** The {@link Request} itself. */
    record RequestParam() implements ParamSource {
        @Override
        public Object resolve(Request request, Dependencies.Scope dependencies, List<ValidationError> errors) {
            return request;
        }
    }

    private static Object values(List<String> raw, Class<?> type, Arity arity, String defaultValue, List<Object> loc,
                                 List<ValidationError> errors) {
        return switch (arity) {
            case LIST -> {
                List<Object> out = new ArrayList<>(raw.size());
                for (int i = 0; i < raw.size(); i++) {
                    out.add(convert(raw.get(i), type, List.of(loc.get(0), loc.get(1), i), errors));
                }
                yield List.copyOf(out.stream().filter(java.util.Objects::nonNull).toList());
            }
            // A repeated parameter bound to one value takes the last, as FastAPI (Starlette) does.
            case OPTIONAL -> raw.isEmpty() ? Optional.empty() : Optional.ofNullable(convert(raw.getLast(), type, loc, errors));
            case ONE -> {
                if (raw.isEmpty()) {
                    if (Params.NO_DEFAULT.equals(defaultValue)) {
                        errors.add(new ValidationError("missing", loc, "Field required", null));
                        yield null;
                    }
                    yield convert(defaultValue, type, loc, errors);
                }
                yield convert(raw.getLast(), type, loc, errors);
            }
        };
    }

    private static Object convert(String raw, Class<?> type, List<Object> loc, List<ValidationError> errors) {
        try {
            return Params.convert(raw, type);
        } catch (Params.ConversionException e) {
            errors.add(new ValidationError(e.type(), loc, e.getMessage(), raw));
            return null;
        }
    }

    /** The element class of {@code Optional<T>} or {@code List<T>}, or the class itself. */
    static Class<?> elementClass(Type type) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
                && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        return Json.rawClass(type);
    }
}
