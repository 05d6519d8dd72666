package com.example.telegram;

import com.salesrender.plugin.chat.api.PluginJob;
import com.salesrender.plugin.chat.api.PluginJobHandler;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The job that forwards a customer's message the webhook took: each of its files asked for with {@code getFile},
 * downloaded from Telegram's file URL into a temporary file, then stored and forwarded by {@link UpdateForwarding}
 * under the update's id. The file URL holds the bot token: it is used here and nowhere else (not logged, not kept, not
 * in any failure's message); the CRM gets the plugin's own URL of the stored file.
 *
 * <p>A file Telegram will not hand out (over the Bot API's 20 MB, over {@code telegram.incoming.max-size}) is left out,
 * with a line in the text saying so; a failure that may pass (Telegram unreachable, a 5xx) fails the job, which the
 * core tries again; a 429 waits its {@code retry_after}. The job runs in a transaction of the core's while the files
 * download; each download is bounded by {@code telegram.file.timeout}.
 */
@ApplicationScoped
public class UpdateForward implements PluginJobHandler {

    static final String TYPE = "telegram-update";

    private static final Logger LOG = Logger.getLogger(UpdateForward.class.getName());

    @Inject
    Settings settings;

    @Inject
    BotApi telegram;

    @Inject
    UpdateForwarding forwarding;

    /** The largest file taken from a customer: at most what the core stores ({@code plugin.upload.max-size}). */
    @Inject
    @ConfigProperty(name = "telegram.incoming.max-size", defaultValue = "10485760")
    long maxSize;

    @Inject
    @ConfigProperty(name = "plugin.upload.max-size", defaultValue = "10485760")
    long uploadMaxSize;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void run(PluginJob job) throws Exception {
        PluginReference company = job.reference();
        IncomingUpdate update;
        try (JsonReader reader = Json.createReader(new StringReader(job.data()))) {
            update = IncomingUpdate.fromJson(reader.readObject());
        }
        String token = BotSettings.token(settings.of(company))
                .orElseThrow(() -> new IllegalStateException("the company has no bot token saved"));
        List<UpdateForwarding.Received> files = new ArrayList<>();
        List<String> notes = new ArrayList<>(update.notes());
        try {
            for (IncomingUpdate.TelegramFile file : update.files()) {
                fetch(token, file, files, notes);
            }
            boolean forwarded = forwarding.forward(company, update, files, notes);
            LOG.fine(() -> "Update " + update.updateId() + " of " + company
                    + (forwarded ? " forwarded" : " had been forwarded before"));
        } finally {
            files.forEach(received -> received.file().close());
        }
    }

    /** Downloads one file into {@code files}, or says in {@code notes} why it is left out. */
    private void fetch(
            String token, IncomingUpdate.TelegramFile file, List<UpdateForwarding.Received> files, List<String> notes)
            throws Exception {
        long cap = Math.min(maxSize, uploadMaxSize);
        BotApi.Answer answer = telegram.call(
                token,
                "getFile",
                Json.createObjectBuilder().add("file_id", file.fileId()).build());
        if (!answer.ok() && answer.errorCode() == 400) {
            // "file is too big" (over the Bot API's 20 MB), a file id of another bot: asking again will not help.
            notes.add("[" + describe(file) + " not forwarded: " + answer.description() + "]");
            return;
        }
        answer.requireOk("getFile");
        JsonObject result = answer.resultObject();
        String filePath = result.getString("file_path", null);
        long size = result.get("file_size") instanceof JsonNumber n ? n.longValue() : 0;
        if (filePath == null || size > cap) {
            notes.add("[" + describe(file) + " not forwarded: "
                    + (filePath == null ? "Telegram did not hand it out" : "larger than " + cap + " bytes") + "]");
            return;
        }
        Path target = SpooledFile.newTemporaryFile();
        try {
            telegram.download(token, filePath, target, cap);
            String name = file.name() != null ? file.name() : filePath.substring(filePath.lastIndexOf('/') + 1);
            String type = file.contentType() != null ? file.contentType() : SpooledFile.typeOf(name);
            files.add(new UpdateForwarding.Received(
                    new SpooledFile(name, type, target, Files.size(target)), file.type()));
            target = null;
        } catch (BotApi.TooLarge e) {
            notes.add("[" + describe(file) + " not forwarded: larger than " + cap + " bytes]");
        } finally {
            if (target != null) {
                Files.deleteIfExists(target);
            }
        }
    }

    private static String describe(IncomingUpdate.TelegramFile file) {
        String kind = switch (file.type()) {
            case IMAGE -> "photo";
            case VOICE -> "voice message";
            case FILE -> "file";
        };
        return file.name() == null ? kind : kind + " " + file.name();
    }
}
