package io.engram.retrieval.chunking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StructureParserTests {

  @Test
  void markdownHeadingsBecomeAPathAndCodeFencesAreNotHeadings() {
    String md = """
        Intro line.

        # Guide
        Welcome.

        ## Install
        Run it.
        ```bash
        # not a heading
        ```

        ### Linux
        apt-get.

        ## Use
        Call it.
        """;
    List<Section> sections = StructureParser.parse(md, SourceFormat.MARKDOWN);
    assertThat(sections).extracting(Section::headings).containsExactly(List.of(), List.of("Guide"), List.of("Guide", "Install"),
        List.of("Guide", "Install", "Linux"), List.of("Guide", "Use"));
    assertThat(sections.get(2).text()).contains("# not a heading");
  }

  @Test
  void setextHeadingsAreRead() {
    List<Section> sections = StructureParser.parse("Title\n=====\nBody one.\n\nSub\n---\nBody two.\n", SourceFormat.MARKDOWN);
    assertThat(sections).extracting(Section::headings).containsExactly(List.of("Title"), List.of("Title", "Sub"));
  }

  @Test
  void htmlHeadingsBecomeAPathAndScriptsAreDropped() {
    String html = "<html><head><title>t</title><script>var x = 1;</script></head><body>"
        + "<h1>Manual</h1><p>First <b>para</b>.</p><h2>Setup</h2><ul><li>one</li><li>two</li></ul>"
        + "<script>alert('x')</script><h2>Usage</h2><p>Go.</p></body></html>";
    List<Section> sections = StructureParser.parse(html, SourceFormat.HTML);
    assertThat(sections).extracting(Section::headings)
        .containsExactly(List.of("Manual"), List.of("Manual", "Setup"), List.of("Manual", "Usage"));
    assertThat(sections.get(0).text()).isEqualTo("First para.");
    assertThat(sections.get(1).text()).contains("one").contains("two").doesNotContain("alert");
  }

  @Test
  void plainTextIsOneSection() {
    assertThat(StructureParser.parse("# not parsed", SourceFormat.TEXT)).singleElement()
        .satisfies(s -> assertThat(s.headings()).isEmpty());
  }
}
