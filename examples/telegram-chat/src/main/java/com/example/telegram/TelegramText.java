package com.example.telegram;

import com.salesrender.plugin.chat.api.MessageContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * A message's text as Telegram takes it. Text goes as it is, with no parse mode (nothing in it is markup, so nothing
 * needs escaping). HTML is rewritten into Telegram's HTML, the few tags it knows ({@code b i u s a code pre blockquote
 * tg-spoiler}) with every other character escaped: paragraphs, headings and list items become lines, any other tag
 * gives its text, links keep only http(s), tg and mailto addresses. Markdown is rendered to HTML first (CommonMark, raw
 * HTML in it escaped, line breaks kept) and then rewritten the same way: Telegram HTML rather than its MarkdownV2,
 * whose escaping rules differ from CommonMark's at every other character.
 */
final class TelegramText {

    /** The longest text of one message, and of a caption, in UTF-16 units after entity parsing. */
    static final int MAX_TEXT = 4096;

    static final int MAX_CAPTION = 1024;

    private static final Parser MARKDOWN = Parser.builder().build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .softbreak("<br>")
            .build();

    private static final Set<String> BLOCKS = Set.of(
            "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "section", "article", "header",
            "footer", "hr", "dl", "figure");
    private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "tg", "mailto");
    private static final Pattern LANGUAGE = Pattern.compile("language-[A-Za-z0-9_+-]{1,32}");

    private TelegramText() {}

    /**
     * Text for Telegram: {@code text} with its {@code parseMode} ({@code HTML}, or null for none), and what the reader
     * sees of it ({@code visible}: the text without its markup).
     */
    record Piece(String text, String parseMode, String visible) {

        /** The length as Telegram counts it: UTF-16 units of what is seen. */
        int length() {
            return visible.length();
        }
    }

    static Piece of(MessageContent content) {
        return switch (content.format()) {
            case TEXT -> new Piece(content.text(), null, content.text());
            case MARKDOWN -> fromHtml(HTML.render(MARKDOWN.parse(content.text())));
            case HTML -> fromHtml(content.text());
        };
    }

    /**
     * The piece as messages of at most {@code max} characters: itself when it fits; otherwise its visible text without
     * markup, cut at line ends (or spaces) into pieces that fit.
     */
    static List<Piece> split(Piece piece, int max) {
        if (piece.length() <= max) {
            return List.of(piece);
        }
        List<Piece> pieces = new ArrayList<>();
        String rest = piece.visible();
        while (!rest.isEmpty()) {
            int cut = rest.length() <= max ? rest.length() : cutAt(rest, max);
            String chunk = rest.substring(0, cut).strip();
            if (!chunk.isEmpty()) {
                pieces.add(new Piece(chunk, null, chunk));
            }
            rest = rest.substring(cut).stripLeading();
        }
        return pieces;
    }

    private static int cutAt(String text, int max) {
        int cut = text.lastIndexOf('\n', max);
        if (cut < max / 2) {
            cut = text.lastIndexOf(' ', max);
        }
        if (cut < max / 2) {
            cut = Character.isLowSurrogate(text.charAt(max)) ? max - 1 : max;
        }
        return cut;
    }

    /** Any HTML as Telegram's. */
    static Piece fromHtml(String html) {
        Element body = Jsoup.parse(html).body();
        Writer out = new Writer();
        out.children(body, false);
        return new Piece(out.html.toString(), "HTML", out.visible.toString());
    }

    /** Writes Telegram HTML and its visible text side by side. */
    private static final class Writer {

        final StringBuilder html = new StringBuilder();
        final StringBuilder visible = new StringBuilder();
        /** Line breaks owed before the next text: written only when text follows, never at the start or the end. */
        private int breaks;

        void children(Element element, boolean pre) {
            for (Node child : element.childNodes()) {
                if (child instanceof TextNode text) {
                    text(pre ? text.getWholeText() : text.getWholeText().replaceAll("\\s+", " "));
                } else if (child instanceof Element e) {
                    element(e, pre);
                }
            }
        }

        private void element(Element e, boolean pre) {
            String tag = e.normalName();
            switch (tag) {
                case "script", "style", "head", "title", "template" -> {}
                case "br" -> text("\n");
                case "b", "strong" -> wrap(e, "b", pre);
                case "i", "em", "cite" -> wrap(e, "i", pre);
                case "u", "ins" -> wrap(e, "u", pre);
                case "s", "strike", "del" -> wrap(e, "s", pre);
                case "tg-spoiler" -> wrap(e, "tg-spoiler", pre);
                case "span" -> {
                    if (e.hasClass("tg-spoiler")) {
                        wrap(e, "tg-spoiler", pre);
                    } else {
                        children(e, pre);
                    }
                }
                case "code" -> {
                    String language = e.classNames().stream()
                            .filter(c -> LANGUAGE.matcher(c).matches())
                            .findFirst()
                            .orElse(null);
                    open(language != null && pre ? "code class=\"" + language + "\"" : "code");
                    children(e, pre);
                    close("code");
                }
                case "pre" -> {
                    paragraph();
                    open("pre");
                    children(e, true);
                    close("pre");
                    paragraph();
                }
                case "blockquote" -> {
                    paragraph();
                    wrap(e, "blockquote", pre);
                    paragraph();
                }
                case "a" -> {
                    String href = e.attr("href").trim();
                    String scheme = href.contains(":")
                            ? href.substring(0, href.indexOf(':')).toLowerCase(Locale.ROOT)
                            : "";
                    if (LINK_SCHEMES.contains(scheme)) {
                        open("a href=\"" + escape(href, true) + "\"");
                        children(e, pre);
                        close("a");
                    } else {
                        children(e, pre);
                    }
                }
                case "img" -> text(e.attr("alt"));
                case "li" -> {
                    line();
                    Element list = e.parent();
                    text(list != null && list.normalName().equals("ol") ? (e.elementSiblingIndex() + 1) + ". " : "• ");
                    children(e, pre);
                    line();
                }
                case "tr", "dt", "dd" -> {
                    line();
                    children(e, pre);
                    line();
                }
                case "td", "th" -> {
                    children(e, pre);
                    text(" ");
                }
                default -> {
                    if (BLOCKS.contains(tag)) {
                        paragraph();
                        if (tag.matches("h[1-6]")) {
                            wrap(e, "b", pre);
                        } else {
                            children(e, pre);
                        }
                        paragraph();
                    } else {
                        children(e, pre); // any other tag: its text
                    }
                }
            }
        }

        private void wrap(Element e, String tag, boolean pre) {
            open(tag);
            children(e, pre);
            close(tag);
        }

        private void text(String text) {
            if (text.isEmpty()) {
                return;
            }
            boolean lineStart = visible.isEmpty() || breaks > 0 || visible.charAt(visible.length() - 1) == '\n';
            if (lineStart && text.startsWith(" ")) {
                text = text.substring(1);
                if (text.isEmpty()) {
                    return;
                }
            }
            flushBreaks();
            html.append(escape(text, false));
            visible.append(text);
        }

        private void open(String tag) {
            flushBreaks();
            html.append('<').append(tag).append('>');
        }

        private void close(String tag) {
            html.append("</").append(tag).append('>');
        }

        /** A blank line before what follows. */
        private void paragraph() {
            breaks = 2;
        }

        /** A new line before what follows. */
        private void line() {
            breaks = Math.max(breaks, 1);
        }

        private void flushBreaks() {
            if (breaks > 0 && !visible.isEmpty()) {
                while (!visible.isEmpty()
                        && visible.charAt(visible.length() - 1) == ' '
                        && html.charAt(html.length() - 1) == ' ') {
                    visible.setLength(visible.length() - 1);
                    html.setLength(html.length() - 1);
                }
                if (visible.isEmpty()) {
                    breaks = 0;
                    return;
                }
                int owed = breaks;
                for (int i = visible.length() - 1; i >= 0 && owed > 0 && visible.charAt(i) == '\n'; i--) {
                    owed--; // breaks the text itself already ends with
                }
                html.append("\n".repeat(owed));
                visible.append("\n".repeat(owed));
            }
            breaks = 0;
        }
    }

    /** Telegram's HTML escapes: {@code & < >} in text, and {@code "} in an attribute. */
    static String escape(String text, boolean attribute) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append(attribute ? "&quot;" : "\"");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
