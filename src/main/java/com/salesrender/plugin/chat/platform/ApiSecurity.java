package com.salesrender.plugin.chat.platform;

/** The security scheme names of {@code /openapi}, for the resources that refer to them. */
public final class ApiSecurity {

    public static final String CRM_TOKEN = "crmToken";
    public static final String GATEWAY_TOKEN = "gatewayToken";
    public static final String ADMIN_TOKEN = "adminToken";

    private ApiSecurity() {}
}
