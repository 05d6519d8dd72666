package com.example.telegram;

import com.salesrender.plugin.chat.api.ChatSender;
import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.MessageStatuses;
import com.salesrender.plugin.chat.api.OutgoingChat;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.RetryLater;
import com.salesrender.plugin.chat.api.Settings;
import com.salesrender.plugin.chat.api.Undeliverable;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObjectBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sends each CRM message to the Telegram chat its contact names, with the company's bot, and reports {@code sent} once
 * Telegram took every part of it ({@link OutgoingParts}: the text, each attachment). Telegram's answer decides the
 * rest: a 429 is a wait of its {@code retry_after} ({@link RetryLater}: no attempt used); a 403 (the bot was blocked,
 * kicked, or may not write first) or a 400 (chat not found, a request it will always refuse) ends the message at once
 * ({@link Undeliverable}: the CRM gets {@code error}); anything else (a network error, a 5xx, a 401 for a token revoked
 * since it was saved) is thrown, and the core tries again.
 */
@ApplicationScoped
@Alternative
@Priority(ChatSender.PRIORITY)
public class TelegramChatSender implements ChatSender {

    /** A chat id (a user's, a group's: negative) or a public channel's or group's {@code @username}. */
    private static final Pattern CHAT = Pattern.compile("-?\\d{1,18}|@[A-Za-z][A-Za-z0-9_]{3,31}");

    /** Telegram takes photos up to 10 MB; a larger image goes as a file. */
    private static final long MAX_PHOTO = 10L * 1024 * 1024;

    /** What Telegram plays as a voice message; other audio goes as a file. */
    private static final Set<String> VOICE_TYPES =
            Set.of("audio/ogg", "audio/opus", "audio/mpeg", "audio/mp4", "audio/x-m4a");

    private static final Set<String> VOICE_EXTENSIONS = Set.of("ogg", "oga", "opus", "mp3", "m4a");

    @Inject
    Settings settings;

    @Inject
    MessageStatuses statuses;

    @Inject
    BotApi telegram;

    @Inject
    AttachmentFiles attachments;

    @Inject
    SentParts sentParts;

    @Inject
    CrmChats crmChats;

    @Override
    public void send(OutgoingChat outgoing) throws Exception {
        PluginReference company = outgoing.reference();
        String token = BotSettings.token(settings.of(company))
                .orElseThrow(() -> new IllegalStateException("the company has not saved its bot token yet"));
        String chat = outgoing.chat().contact().trim();
        if (!CHAT.matcher(chat).matches()) {
            throw new Undeliverable("not a Telegram chat id: " + outgoing.chat().contact());
        }
        if (outgoing.chat().id() != null) {
            crmChats.remember(company, chat, outgoing.chat().id()); // the customer's answers go back into this chat
        }
        List<OutgoingParts.Part> parts = OutgoingParts.plan(outgoing.chat().message());
        Set<Integer> sent = sentParts.sent(company, outgoing.messageId());
        for (OutgoingParts.Part part : parts) {
            if (sent.contains(part.index())) {
                continue;
            }
            BotApi.Answer answer =
                    part.attachment() == null ? sendText(token, chat, part) : sendFile(token, chat, part);
            refusal(answer);
            Long telegramId = answer.resultObject().get("message_id") instanceof JsonNumber id ? id.longValue() : null;
            sentParts.record(company, outgoing.messageId(), part.index(), telegramId);
        }
        // The status first: should forgetting fail, the next attempt sends nothing again and reports sent once more
        // (a repeated status is not sent twice); the other way round, a failed report would send every part again.
        statuses.report(company, outgoing.messageId(), MessageStatus.SENT);
        sentParts.forget(company, outgoing.messageId());
    }

    private BotApi.Answer sendText(String token, String chat, OutgoingParts.Part part) throws Exception {
        JsonObjectBuilder request =
                Json.createObjectBuilder().add("text", part.text().text());
        if (chat.startsWith("@")) {
            request.add("chat_id", chat);
        } else {
            request.add("chat_id", Long.parseLong(chat));
        }
        if (part.text().parseMode() != null) {
            request.add("parse_mode", part.text().parseMode());
        }
        return telegram.call(token, "sendMessage", request.build());
    }

    private BotApi.Answer sendFile(String token, String chat, OutgoingParts.Part part) throws Exception {
        try (SpooledFile file = attachments.fetch(part.attachment())) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("chat_id", chat);
            if (part.text() != null) {
                fields.put("caption", part.text().text());
                if (part.text().parseMode() != null) {
                    fields.put("parse_mode", part.text().parseMode());
                }
            }
            return switch (part.attachment().type()) {
                case IMAGE ->
                    file.size() <= MAX_PHOTO
                            ? telegram.upload(token, "sendPhoto", fields, "photo", file)
                            : telegram.upload(token, "sendDocument", fields, "document", file);
                case VOICE ->
                    playable(file)
                            ? telegram.upload(token, "sendVoice", fields, "voice", file)
                            : telegram.upload(token, "sendDocument", fields, "document", file);
                case FILE -> telegram.upload(token, "sendDocument", fields, "document", file);
            };
        }
    }

    private static boolean playable(SpooledFile file) {
        String name = file.name().toLowerCase(Locale.ROOT);
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        String type = file.contentType()
                .toLowerCase(Locale.ROOT)
                .replaceAll(";.*", "")
                .trim();
        return VOICE_EXTENSIONS.contains(extension) || VOICE_TYPES.contains(type);
    }

    /** Telegram's refusal as the core needs it: a wait, the end of the message, or a failed attempt. */
    static void refusal(BotApi.Answer answer) throws RetryLater, Undeliverable {
        if (answer.ok()) {
            return;
        }
        switch (answer.errorCode()) {
            case 429 ->
                throw new RetryLater(
                        answer.retryAfter() == null ? BotApi.DEFAULT_WAIT : answer.retryAfter(),
                        "Telegram: " + answer.reason());
            case 400, 403 -> throw new Undeliverable("Telegram: " + answer.reason());
            default -> throw new IllegalStateException("Telegram: " + answer.reason());
        }
    }
}
