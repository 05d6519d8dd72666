package com.salesrender.plugin.chat.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The CRM of an Arquillian test class: starts one {@link FakeCrm} before the class and stops it after, and hands tests
 * the CRM, a {@link PluginClient} to the deployed plugin and fresh {@link Company companies}, through {@link Kit @Kit}
 * fields or test method parameters. Register it after Arquillian's extension, so the plugin's address
 * ({@code @ArquillianResource URL} field) is injected first:
 *
 * <pre>
 * &#64;PluginTest // or: &#64;ExtendWith({ArquillianExtension.class, FakeCrmExtension.class})
 * &#64;RunAsClient
 * class SendIT {
 *     &#64;Deployment(testable = false) static WebArchive war() { return PluginWar.asBuilt(); }
 *     &#64;ArquillianResource URL base;
 *     &#64;Kit static FakeCrm crm;
 *     &#64;Kit PluginClient plugin;
 *     &#64;Kit(registeredWith = "hpt") Company company;
 * }
 * </pre>
 *
 * The plugin must trust the fake CRM: run it with {@code plugin.self-uri=}{@value FakeCrm#SELF_URI},
 * {@code plugin.crm.scheme=http} and {@code plugin.crm.hostnames=localhost} (the arquillian.xml of a generated project
 * does).
 */
public final class FakeCrmExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(FakeCrmExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        FakeCrm crm = new FakeCrm();
        context.getStore(NAMESPACE).put(FakeCrm.class, crm);
        for (Field field : kitFields(context.getRequiredTestClass())) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == FakeCrm.class) {
                field.set(null, crm);
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        FakeCrm crm = context.getStore(NAMESPACE).remove(FakeCrm.class, FakeCrm.class);
        if (crm != null) {
            crm.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Object test = context.getRequiredTestInstance();
        for (Field field : kitFields(test.getClass())) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            Object value = value(field.getType(), field.getAnnotation(Kit.class), context);
            if (value == null) {
                throw new IllegalStateException(
                        "@Kit cannot fill " + field + ": FakeCrm, PluginClient or Company only");
            }
            field.set(test, value);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == FakeCrm.class || type == PluginClient.class || type == Company.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Kit kit = parameter.findAnnotation(Kit.class).orElse(null);
        try {
            return value(parameter.getParameter().getType(), kit, context);
        } catch (ReflectiveOperationException e) {
            throw new ParameterResolutionException("Cannot resolve " + parameter.getParameter(), e);
        }
    }

    /** The class's CRM. */
    public static FakeCrm crm(ExtensionContext context) {
        FakeCrm crm = context.getStore(NAMESPACE).get(FakeCrm.class, FakeCrm.class);
        if (crm == null) {
            throw new IllegalStateException(
                    "The fake CRM is started before all tests: register FakeCrmExtension on the class");
        }
        return crm;
    }

    private static Object value(Class<?> type, Kit kit, ExtensionContext context) throws ReflectiveOperationException {
        if (type == FakeCrm.class) {
            return crm(context);
        }
        if (type == PluginClient.class) {
            return new PluginClient(pluginUrl(context));
        }
        if (type == Company.class) {
            Company company = Company.fresh();
            String hpt = kit == null ? "" : kit.registeredWith();
            if (!hpt.isEmpty()) {
                PluginClient.Answer answer = new PluginClient(pluginUrl(context)).register(crm(context), company, hpt);
                if (answer.status() != 200) {
                    throw new AssertionError(
                            "Registering " + company + " answered " + answer.status() + ": " + answer.body());
                }
            }
            return company;
        }
        return null;
    }

    /** The deployed plugin's address: the test's {@code @ArquillianResource URL} field, which Arquillian fills. */
    private static URL pluginUrl(ExtensionContext context) throws IllegalAccessException {
        Object test = context.getRequiredTestInstance();
        for (Class<?> type = test.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getType() == URL.class && !Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    URL url = (URL) field.get(test);
                    if (url != null) {
                        return url;
                    }
                }
            }
        }
        throw new IllegalStateException("No plugin address: declare @ArquillianResource URL base in " + test.getClass()
                + " and register ArquillianExtension before FakeCrmExtension");
    }

    private static List<Field> kitFields(Class<?> testClass) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> type = testClass; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.isAnnotationPresent(Kit.class)) {
                    field.setAccessible(true);
                    fields.add(field);
                }
            }
        }
        return fields;
    }
}
