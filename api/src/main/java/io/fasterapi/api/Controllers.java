package io.fasterapi.api;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Turns a controller's annotated methods into routes, deciding once, at registration, where every parameter
 * comes from. Everything wrong is reported then, with the method named: unknown path parameters, types that
 * cannot be converted, missing parameter names, unregistered dependencies.
 */
final class Controllers {
    private static final String WEBSOCKET = "WEBSOCKET";

    private Controllers() {}

    static List<Route> scan(Object controller, Dependencies dependencies) {
        List<Route> routes = new ArrayList<>();
        Method[] methods = controller.getClass().getMethods();
        java.util.Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method method : methods) {
            String[] spec = routeSpec(method);
            if (spec == null) {
                continue;
            }
            if (Modifier.isStatic(method.getModifiers())) {
                throw new IllegalArgumentException(describe(method) + ": route methods must not be static");
            }
            String template = spec[1];
            ParamSource[] params = params(method, template, dependencies);
            MethodHandle handle;
            try {
                method.setAccessible(true);
                handle = MethodHandles.lookup().unreflect(method).bindTo(controller);
            } catch (IllegalAccessException | RuntimeException e) {
                throw new IllegalArgumentException(describe(method) + ": cannot access it (make the controller class public)", e);
            }
            boolean webSocket = spec[0].equals(WEBSOCKET);
            if (webSocket && !WebSocketListener.class.isAssignableFrom(method.getReturnType())) {
                throw new IllegalArgumentException(describe(method) + ": a @WebSocketRoute method returns a WebSocketListener");
            }
            boolean nonBlocking = method.isAnnotationPresent(NonBlocking.class)
                    || (!webSocket && CompletionStage.class.isAssignableFrom(method.getReturnType()));
            Route route = Route.method(webSocket ? "GET" : spec[0], template, handle, params, describe(method),
                    nonBlocking, Integer.parseInt(spec[2]), method);
            routes.add(webSocket ? route.asWebSocket() : route);
        }
        if (routes.isEmpty()) {
            throw new IllegalArgumentException(controller.getClass().getName()
                    + " has no public method annotated @Get, @Post, @Put, @Delete, @Patch or @WebSocketRoute");
        }
        return routes;
    }

    /** {method, template, status}, or null when the method is not a route. */
    private static String[] routeSpec(Method m) {
        if (m.getAnnotation(Get.class) instanceof Get a) {
            return new String[] {"GET", a.value(), String.valueOf(a.status())};
        }
        if (m.getAnnotation(Post.class) instanceof Post a) {
            return new String[] {"POST", a.value(), String.valueOf(a.status())};
        }
        if (m.getAnnotation(Put.class) instanceof Put a) {
            return new String[] {"PUT", a.value(), String.valueOf(a.status())};
        }
        if (m.getAnnotation(Delete.class) instanceof Delete a) {
            return new String[] {"DELETE", a.value(), String.valueOf(a.status())};
        }
        if (m.getAnnotation(Patch.class) instanceof Patch a) {
            return new String[] {"PATCH", a.value(), String.valueOf(a.status())};
        }
        if (m.getAnnotation(WebSocketRoute.class) instanceof WebSocketRoute a) {
            return new String[] {WEBSOCKET, a.value(), "101"};
        }
        return null;
    }

    private static ParamSource[] params(Method method, String template, Dependencies dependencies) {
        Parameter[] parameters = method.getParameters();
        ParamSource[] sources = new ParamSource[parameters.length];
        List<String> templateParams = templateParams(template);
        int bodies = 0;
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            sources[i] = source(method, p, templateParams, dependencies);
            if (sources[i] instanceof ParamSource.BodyParam) {
                bodies++;
            }
        }
        if (bodies > 1) {
            throw new IllegalArgumentException(describe(method) + ": at most one @Body parameter");
        }
        for (String name : templateParams) {
            boolean used = false;
            for (ParamSource s : sources) {
                used |= s instanceof ParamSource.PathParam pp && pp.name().equals(name);
            }
            if (!used) {
                throw new IllegalArgumentException(describe(method) + ": path parameter {" + name
                        + "} has no @Path parameter");
            }
        }
        return sources;
    }

    private static ParamSource source(Method method, Parameter p, List<String> templateParams, Dependencies dependencies) {
        Class<?> type = p.getType();
        Type generic = p.getParameterizedType();
        if (p.getAnnotation(Path.class) instanceof Path path) {
            String name = name(method, p, path.value());
            if (!templateParams.contains(name)) {
                throw new IllegalArgumentException(describe(method) + ": @Path " + name + " is not in the template");
            }
            checkConvertible(method, p, type);
            return new ParamSource.PathParam(name, type);
        }
        if (p.getAnnotation(Query.class) instanceof Query query) {
            ParamSource.Arity arity = arity(type);
            Class<?> element = arity == ParamSource.Arity.ONE ? type : ParamSource.elementClass(generic);
            checkConvertible(method, p, element);
            return new ParamSource.QueryParam(name(method, p, query.value()), element, arity, query.defaultValue());
        }
        if (p.getAnnotation(Header.class) instanceof Header header) {
            ParamSource.Arity arity = arity(type);
            Class<?> element = arity == ParamSource.Arity.ONE ? type : ParamSource.elementClass(generic);
            checkConvertible(method, p, element);
            String name = header.value().isEmpty() ? Params.headerName(name(method, p, "")) : header.value();
            return new ParamSource.HeaderParam(name, element, arity, header.defaultValue());
        }
        if (p.isAnnotationPresent(Body.class)) {
            return new ParamSource.BodyParam(generic);
        }
        if (type == Request.class) {
            return new ParamSource.RequestParam();
        }
        if (p.isAnnotationPresent(Depends.class) || dependencies.has(type)) {
            if (!dependencies.has(type)) {
                throw new IllegalArgumentException(describe(method) + ": no provider registered for @Depends "
                        + type.getName() + " (register it with app.dependency or app.singleton first)");
            }
            return new ParamSource.DependencyParam(type);
        }
        // Unannotated: a template name is a path parameter, a convertible type is a query parameter (as FastAPI).
        String name = p.isNamePresent() ? p.getName() : null;
        if (name != null && templateParams.contains(name)) {
            checkConvertible(method, p, type);
            return new ParamSource.PathParam(name, type);
        }
        ParamSource.Arity arity = arity(type);
        Class<?> element = arity == ParamSource.Arity.ONE ? type : ParamSource.elementClass(generic);
        if (name != null && Params.isSupported(element)) {
            return new ParamSource.QueryParam(name, element, arity, Params.NO_DEFAULT);
        }
        if (type.isRecord()) {
            return new ParamSource.BodyParam(generic);
        }
        throw new IllegalArgumentException(describe(method) + ": cannot tell where parameter " + p.getName() + " ("
                + type.getSimpleName() + ") comes from; annotate it with @Path, @Query, @Header, @Body or @Depends"
                + (p.isNamePresent() ? "" : " (or compile with -parameters)"));
    }

    private static ParamSource.Arity arity(Class<?> type) {
        if (type == Optional.class) {
            return ParamSource.Arity.OPTIONAL;
        }
        if (type == List.class) {
            return ParamSource.Arity.LIST;
        }
        return ParamSource.Arity.ONE;
    }

    private static void checkConvertible(Method method, Parameter p, Class<?> type) {
        if (!Params.isSupported(type)) {
            throw new IllegalArgumentException(describe(method) + ": parameter " + p.getName() + " has type "
                    + type.getName() + ", which cannot be read from text");
        }
    }

    private static String name(Method method, Parameter p, String explicit) {
        if (!explicit.isEmpty()) {
            return explicit;
        }
        if (!p.isNamePresent()) {
            throw new IllegalArgumentException(describe(method) + ": parameter names are not in the class file; "
                    + "compile with -parameters or name it in the annotation, e.g. @Path(\"id\")");
        }
        return p.getName();
    }

    static List<String> templateParams(String template) {
        List<String> names = new ArrayList<>();
        for (String segment : template.split("/")) {
            if (segment.startsWith("{") && segment.endsWith("}")) {
                names.add(segment.substring(1, segment.length() - 1));
            }
        }
        return names;
    }

    static String describe(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName();
    }
}
