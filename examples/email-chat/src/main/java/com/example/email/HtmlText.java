package com.example.email;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * The readable text of an HTML mail body: the plain alternative of an HTML message, and what a customer wrote in a mail
 * that has no plain part. Blocks and line breaks become new lines, links keep their address, scripts and styles go.
 */
final class HtmlText {

    private static final Set<String> BLOCKS = Set.of(
            "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr", "blockquote", "pre", "hr",
            "section", "article", "header", "footer");

    private HtmlText() {}

    static String of(String html) {
        StringBuilder text = new StringBuilder();
        Element body = Jsoup.parse(html).body();
        body.select("script, style, head").remove();
        body.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    text.append(textNode.text());
                } else if (node instanceof Element element) {
                    String tag = element.normalName();
                    if (tag.equals("br")) {
                        text.append('\n');
                    } else if (tag.equals("li")) {
                        newLine(text);
                        text.append("- ");
                    } else if (BLOCKS.contains(tag)) {
                        newLine(text);
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element) {
                    String tag = element.normalName();
                    if (tag.equals("a")) {
                        String href = element.absUrl("href").isEmpty() ? element.attr("href") : element.absUrl("href");
                        if (!href.isEmpty() && !href.equals(element.text()) && !href.startsWith("mailto:")) {
                            text.append(" (").append(href).append(')');
                        }
                    } else if (BLOCKS.contains(tag) || tag.equals("li")) {
                        newLine(text);
                    }
                }
            }
        });
        return text.toString()
                .replace('\u00a0', ' ')
                .replaceAll("[ \\t]+\\n", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }

    private static void newLine(StringBuilder text) {
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }
}
