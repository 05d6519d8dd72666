package com.example.telegram;

import com.salesrender.plugin.chat.api.Attachment;
import com.salesrender.plugin.chat.api.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The Bot API calls one CRM message takes, in order, numbered from 0 (the numbers name the parts already sent, so the
 * plan must come out the same at every attempt). The text goes as the caption of the first attachment when there is one
 * and the text fits a caption (1024 characters); otherwise it goes first, as one message or, past 4096 characters,
 * several. Then each attachment by its type: images with {@code sendPhoto}, voice with {@code sendVoice}, files with
 * {@code sendDocument}.
 */
final class OutgoingParts {

    private OutgoingParts() {}

    /** One call: a text ({@code attachment} null), or an attachment with its caption (null for none). */
    record Part(int index, TelegramText.Piece text, Attachment attachment) {}

    static List<Part> plan(Message message) {
        List<TelegramText.Piece> texts = new ArrayList<>();
        TelegramText.Piece caption = null;
        if (message.content() != null) {
            TelegramText.Piece text = TelegramText.of(message.content());
            if (!message.attachments().isEmpty() && text.length() <= TelegramText.MAX_CAPTION) {
                caption = text;
            } else {
                texts.addAll(TelegramText.split(text, TelegramText.MAX_TEXT));
            }
        }
        List<Part> parts = new ArrayList<>();
        for (TelegramText.Piece text : texts) {
            parts.add(new Part(parts.size(), text, null));
        }
        for (Attachment attachment : message.attachments()) {
            parts.add(new Part(parts.size(), caption, attachment));
            caption = null;
        }
        return parts;
    }
}
