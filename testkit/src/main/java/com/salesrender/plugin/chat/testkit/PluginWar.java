package com.salesrender.plugin.chat.testkit;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR exactly as the build packaged it, for an Arquillian {@code @Deployment(testable = false)}: the tests see what
 * gets deployed. Its path comes from the system property {@code it.war}, which the failsafe set-up of
 * chat-plugin-project-parent sets to {@code target/<finalName>.war}.
 */
public final class PluginWar {

    private PluginWar() {}

    public static WebArchive asBuilt() {
        String path = System.getProperty("it.war");
        if (path == null) {
            throw new IllegalStateException("System property it.war (the built WAR) is not set: run the test with"
                    + " mvn verify in a project whose parent is chat-plugin-project-parent");
        }
        File war = new File(path);
        if (!war.isFile()) {
            throw new IllegalStateException("No WAR at " + war + ": the package phase builds it");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
