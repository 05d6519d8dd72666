package com.salesrender.plugin.chat.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** All routes hang off the context root, as the CRM expects ({@code /registration}, {@code /special/send}...). */
@ApplicationPath("")
public class PluginApplication extends Application {
}
