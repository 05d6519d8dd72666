package com.salesrender.plugin.chat.testing;

import com.salesrender.plugin.chat.crm.CrmProbe;
import com.salesrender.plugin.chat.job.JobProbe;
import com.salesrender.plugin.chat.job.TestJobHandler;
import com.salesrender.plugin.chat.send.RecordingChatSender;
import com.salesrender.plugin.chat.send.TestProbe;
import com.salesrender.plugin.chat.testkit.PluginWar;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The archives the core's integration tests deploy: the built WAR (from the test kit) plus test-only classes. */
public final class Deployments {

    private Deployments() {}

    /**
     * The WAR exactly as the build packaged it (so the tests see what users deploy), plus two test classes: a recording
     * gateway that replaces the shipped sender the documented way (an {@code @Alternative} {@code ChatSender}), and a
     * test-only probe resource.
     */
    public static WebArchive pluginWithRecordingGateway() {
        return PluginWar.asBuilt().addClasses(RecordingChatSender.class, TestProbe.class, CrmProbe.class);
    }

    /** The WAR with its shipped sender (the echo example plugin), plus a read-only probe of CRM requests. */
    public static WebArchive pluginWithEcho() {
        return PluginWar.asBuilt().addClasses(CrmProbe.class);
    }

    /** The echo plugin with a job handler of the tests' own (type "test") and a probe that schedules its jobs. */
    public static WebArchive pluginWithTestJobs() {
        return pluginWithEcho().addClasses(TestJobHandler.class, JobProbe.class);
    }
}
