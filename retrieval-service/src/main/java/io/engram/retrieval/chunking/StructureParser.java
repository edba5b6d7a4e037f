package io.engram.retrieval.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Splits a document body into {@link Section}s along its headings. Markdown: ATX ({@code ## x}) and setext
 * headings outside code fences. HTML: {@code h1}-{@code h6} through jsoup, block elements become paragraph
 * breaks, scripts and styles are dropped. Plain text is one section. Spring AI's MarkdownDocumentReader was
 * considered: it keeps only the innermost heading as {@code title}, not the heading path, and reads from a
 * Resource only.
 */
public final class StructureParser {

  private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
  private static final Pattern SETEXT_1 = Pattern.compile("^ {0,3}=+[ \\t]*$");
  private static final Pattern SETEXT_2 = Pattern.compile("^ {0,3}-+[ \\t]*$");
  private static final Set<String> BLOCKS = Set.of("p", "div", "li", "ul", "ol", "pre", "blockquote", "table", "tr",
      "td", "th", "dt", "dd", "section", "article", "header", "footer", "br", "hr", "figcaption", "main");

  private StructureParser() {
  }

  public static List<Section> parse(String body, SourceFormat format) {
    return switch (format) {
      case TEXT -> List.of(new Section(List.of(), body));
      case MARKDOWN -> markdown(body);
      case HTML -> html(body);
    };
  }

  static List<Section> markdown(String body) {
    List<Section> sections = new ArrayList<>();
    List<String> headings = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    String[] lines = body.split("\r?\n", -1);
    boolean fenced = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (FENCE.matcher(line).find()) {
        fenced = !fenced;
      }
      if (!fenced) {
        Matcher atx = ATX.matcher(line);
        if (atx.matches()) {
          flush(sections, headings, text);
          enter(headings, atx.group(1).length(), atx.group(2) == null ? "" : atx.group(2).trim());
          continue;
        }
        if (i + 1 < lines.length && !line.isBlank() && (SETEXT_1.matcher(lines[i + 1]).matches()
            || (SETEXT_2.matcher(lines[i + 1]).matches() && !text.isEmpty() && endsWithBlankLine(text)))) {
          flush(sections, headings, text);
          enter(headings, SETEXT_1.matcher(lines[i + 1]).matches() ? 1 : 2, line.trim());
          i++;
          continue;
        }
      }
      text.append(line).append('\n');
    }
    flush(sections, headings, text);
    return sections;
  }

  private static boolean endsWithBlankLine(StringBuilder text) {
    int n = text.length();
    return n >= 2 && text.charAt(n - 1) == '\n' && text.charAt(n - 2) == '\n';
  }

  static List<Section> html(String body) {
    List<Section> sections = new ArrayList<>();
    List<String> headings = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    Element root = Jsoup.parse(body).body();
    root.select("script, style, noscript, template").remove();
    NodeTraversor.traverse(new NodeVisitor() {
      @Override
      public void head(Node node, int depth) {
        if (node instanceof TextNode t && !insideHeading(t)) {
          text.append(t.text());
        } else if (node instanceof Element e && isHeading(e)) {
          flush(sections, headings, text);
          enter(headings, e.tagName().charAt(1) - '0', e.text().trim());
        }
      }

      @Override
      public void tail(Node node, int depth) {
        if (node instanceof Element e && BLOCKS.contains(e.tagName())) {
          text.append("\n\n");
        }
      }
    }, root);
    flush(sections, headings, text);
    return sections;
  }

  private static boolean isHeading(Element e) {
    String tag = e.tagName();
    return tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6';
  }

  private static boolean insideHeading(TextNode node) {
    for (Node parent = node.parent(); parent != null; parent = parent.parent()) {
      if (parent instanceof Element e && isHeading(e)) {
        return true;
      }
    }
    return false;
  }

  private static void enter(List<String> headings, int level, String title) {
    while (headings.size() >= level) {
      headings.removeLast();
    }
    while (headings.size() < level - 1) {
      headings.add("");
    }
    headings.add(title);
  }

  private static void flush(List<Section> sections, List<String> headings, StringBuilder text) {
    String body = text.toString().replaceAll("[ \\t]+\n", "\n").replaceAll("\n{3,}", "\n\n").strip();
    if (!body.isEmpty()) {
      sections.add(new Section(headings.stream().filter(h -> !h.isEmpty()).toList(), body));
    }
    text.setLength(0);
  }
}
