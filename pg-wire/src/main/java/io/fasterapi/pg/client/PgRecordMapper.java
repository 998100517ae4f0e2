package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgColumns;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rows to records by component name (exact, then snake_case); the constructor handle is made once per record.
 * {@code Optional<T>}, {@code OptionalInt}, {@code OptionalLong} and {@code OptionalDouble} components take
 * NULL as empty; other reference types take it as null, primitives refuse it.
 */
final class PgRecordMapper {
    /** {@code elements[i]}: the element type of component i when it is an {@code Optional<T>}, else null. */
    private record Shape(MethodHandle constructor, RecordComponent[] components, Class<?>[] elements) {}

    private static final ConcurrentHashMap<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private PgRecordMapper() {}

    static <R extends Record> R map(PgRow row, Class<R> type) {
        Shape shape = SHAPES.computeIfAbsent(type, PgRecordMapper::shape);
        RecordComponent[] components = shape.components();
        Object[] args = new Object[components.length];
        PgColumns columns = row.columns();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            int column = columns.indexOf(component.getName());
            if (column < 0) {
                column = columns.indexOf(snake(component.getName()));
            }
            if (column < 0) {
                throw new IllegalArgumentException("no column for " + type.getSimpleName() + "." + component.getName()
                        + " in " + columns);
            }
            Class<?> type0 = component.getType();
            if (type0 == Optional.class) {
                args[i] = row.isNull(column) ? Optional.empty() : Optional.of(value(row, column, shape.elements()[i]));
            } else if (type0 == OptionalInt.class) {
                args[i] = row.isNull(column) ? OptionalInt.empty() : OptionalInt.of(row.getInt(column));
            } else if (type0 == OptionalLong.class) {
                args[i] = row.isNull(column) ? OptionalLong.empty() : OptionalLong.of(row.getLong(column));
            } else if (type0 == OptionalDouble.class) {
                args[i] = row.isNull(column) ? OptionalDouble.empty() : OptionalDouble.of(row.getDouble(column));
            } else {
                args[i] = value(row, column, type0);
            }
        }
        try {
            return type.cast(shape.constructor().invokeExact(args));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("cannot build " + type.getSimpleName() + ": " + e.getMessage(), e);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), t);
        }
    }

    private static Object value(PgRow row, int column, Class<?> type) {
        if (type.isPrimitive()) {
            if (row.isNull(column)) {
                throw new IllegalArgumentException("column " + row.columns().name(column) + " is NULL but "
                        + type + " cannot be null");
            }
            if (type == int.class) {
                return row.getInt(column);
            }
            if (type == long.class) {
                return row.getLong(column);
            }
            if (type == double.class) {
                return row.getDouble(column);
            }
            if (type == boolean.class) {
                return row.getBoolean(column);
            }
            if (type == float.class) {
                return (float) row.getDouble(column);
            }
            if (type == short.class) {
                return (short) row.getInt(column);
            }
            throw new IllegalArgumentException("unsupported component type " + type);
        }
        if (row.isNull(column)) {
            return null;
        }
        if (type == Integer.class) {
            return row.getInt(column);
        }
        if (type == Long.class) {
            return row.getLong(column);
        }
        if (type == Double.class) {
            return row.getDouble(column);
        }
        if (type == BigDecimal.class) {
            return row.getBigDecimal(column);
        }
        if (type.isEnum()) {
            return enumValue(type, row.getString(column));
        }
        return row.get(column, type);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    private static Shape shape(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Class<?>[] elements = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            if (types[i] == Optional.class) {
                elements[i] = optionalElement(type, components[i]);
            }
        }
        try {
            var constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            MethodHandle handle = MethodHandles.lookup().unreflectConstructor(constructor);
            return new Shape(handle.asType(handle.type().generic()).asSpreader(Object[].class, types.length),
                    components, elements);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot use the canonical constructor of " + type.getName(), e);
        }
    }

    /** {@code T} of an {@code Optional<T>} component; a class, or the raw class of a parameterized type. */
    private static Class<?> optionalElement(Class<?> record, RecordComponent component) {
        if (component.getGenericType() instanceof ParameterizedType p) {
            Type argument = p.getActualTypeArguments()[0];
            if (argument instanceof Class<?> c) {
                return c;
            }
            if (argument instanceof ParameterizedType nested && nested.getRawType() instanceof Class<?> raw) {
                return raw;
            }
        }
        throw new IllegalArgumentException(record.getSimpleName() + "." + component.getName()
                + ": an Optional component needs a concrete type argument (Optional<String>, not Optional<?>)");
    }

    private static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
