package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgColumns;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/** Rows to records by component name (exact, then snake_case); the constructor handle is made once per record. */
final class PgRecordMapper {
    private record Shape(MethodHandle constructor, RecordComponent[] components) {}

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
            args[i] = value(row, column, component.getType());
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
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            var constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            MethodHandle handle = MethodHandles.lookup().unreflectConstructor(constructor);
            return new Shape(handle.asType(handle.type().generic()).asSpreader(Object[].class, types.length),
                    components);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot use the canonical constructor of " + type.getName(), e);
        }
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
