package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.platform.ApiSecurity;
import com.salesrender.plugin.chat.platform.ErrorShape;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * All routes hang off the context root, as the CRM expects ({@code /registration}, {@code /special/send}...). The
 * annotations describe the whole API for {@code /openapi}.
 */
@ApplicationPath("")
@OpenAPIDefinition(
        info =
                @Info(
                        title = "SalesRender chat plugin",
                        version = "1.0",
                        description =
                                "A SalesRender CHAT plugin: the routes the CRM calls, the gateway webhooks and the operator's"
                                        + " admin API. Every error answers {\"code\": <status>, \"message\": \"...\"} (schema Error)."
                                        + " Request bodies over 1 MiB are refused with 413."),
        tags = {
            @Tag(name = "plugin", description = "Public plugin metadata"),
            @Tag(
                    name = "crm",
                    description = "Called by the CRM with RS512 tokens it signed (the token travels in the body)"),
            @Tag(name = "settings", description = "The company's settings, called by the CRM's settings page"),
            @Tag(
                    name = "gateway",
                    description = "Webhooks for the messaging gateway (off unless plugin.gateway.token is set)"),
            @Tag(name = "admin", description = "The operator's API and live queue page (plugin.admin.token)")
        },
        components =
                @Components(
                        schemas =
                                @Schema(
                                        name = ErrorShape.SCHEMA,
                                        type = SchemaType.OBJECT,
                                        description = "Every error answer",
                                        properties = {
                                            @SchemaProperty(
                                                    name = "code",
                                                    type = SchemaType.INTEGER,
                                                    description = "the HTTP status"),
                                            @SchemaProperty(
                                                    name = "message",
                                                    type = SchemaType.STRING,
                                                    description = "what went wrong")
                                        }),
                        securitySchemes = {
                            @SecurityScheme(
                                    securitySchemeName = ApiSecurity.CRM_TOKEN,
                                    type = SecuritySchemeType.APIKEY,
                                    in = SecuritySchemeIn.HEADER,
                                    apiKeyName = "X-PLUGIN-TOKEN",
                                    description = "A JWT the CRM signed (RS512) for the company's user; the plugin "
                                            + "must be registered"),
                            @SecurityScheme(
                                    securitySchemeName = ApiSecurity.GATEWAY_TOKEN,
                                    type = SecuritySchemeType.HTTP,
                                    scheme = "bearer",
                                    description = "Authorization: Bearer <plugin.gateway.token>"),
                            @SecurityScheme(
                                    securitySchemeName = ApiSecurity.ADMIN_TOKEN,
                                    type = SecuritySchemeType.HTTP,
                                    scheme = "bearer",
                                    description = "Authorization: Bearer <plugin.admin.token>")
                        }))
public class PluginApplication extends Application {}
