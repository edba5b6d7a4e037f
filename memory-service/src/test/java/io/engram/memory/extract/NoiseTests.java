package io.engram.memory.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NoiseTests {

  @Test
  void whenASentenceCarriesKnowledgeThenItIsNoNoise() {
    assertThat(Noise.reportReason("Pellworth will move its head office from Chicago to Dallas.")).isEmpty();
    assertThat(Noise.reason("I adopted a rescue greyhound called Biscuit last week.")).isEmpty();
    assertThat(Noise.reason("华星科技集团宣布任命李明为公司总经理。")).isEmpty();
  }

  @Test
  void whenASentenceIsAQuestionGreetingOrFillerThenItIsNoiseWithTheReason() {
    assertThat(Noise.reason("How have you been?")).contains("question");
    assertThat(Noise.reason("Hey Mel, good to see you!", Set.of("mel"))).isPresent();
    assertThat(Noise.reason("That's awesome, I'm so proud of you!")).contains("no content");
    assertThat(Noise.reason("Perfect, I'll be home.")).contains("no content");
  }

  @Test
  void whenAChatLineNamesOnlyASpeakerOrItsShortFormThenItNeedsMoreThanOneContentWord() {
    Set<String> speakers = Set.of("caroline", "melanie");
    // "Mel" is Melanie: a short form of a speaker's name makes nothing specific
    assertThat(Noise.reason("Totally agree, Mel.", speakers)).contains("no content");
    // a name other than the speakers' still needs a second content word in a conversation
    assertThat(Noise.reason("Go Oscar!", speakers)).contains("no content");
    assertThat(Noise.reason("Oscar loves carrots.", speakers)).isEmpty();
    // a report keeps its short specific lines
    assertThat(Noise.reportReason("Shares of Acme rose 4%.")).isEmpty();
  }

  @Test
  void whenASentenceAdvertisesOrIsBoilerplateThenItIsNoise() {
    assertThat(Noise.reportReason("Subscribe now for unlimited access to our reporting.")).contains("call to action or advertising");
    assertThat(Noise.reportReason("Read more at https://example.com/markets today.")).contains("call to action or advertising");
    assertThat(Noise.reportReason("By continuing to browse this site you agree to our use of cookies.")).contains("site or legal boilerplate");
    assertThat(Noise.reportReason("Our advisers can help you make the most of your savings.")).contains("addressed to the reader");
    assertThat(Noise.eventReason("Sponsored: The best credit cards of the year, ranked.")).contains("advertising");
    assertThat(Noise.reason("点击关注我们的公众号，获取更多财经资讯。")).contains("advertising or boilerplate");
    // words that only look like cues in another sense are no noise
    assertThat(Noise.reportReason("Cookie maker Biscotti Foods raised its full-year sales forecast.")).isEmpty();
    assertThat(Noise.reportReason("Orders for durable goods rose 2% in March.")).isEmpty();
  }

  @Test
  void whenASpeakerGivesAnAddressOrALinkThenItIsKnowledgeNotAnAdvert() {
    Set<String> speakers = Set.of("aisha", "agent");
    assertThat(Noise.reason("All bills and notices will now go to akarim.design@mailbox.com.", speakers)).isEmpty();
    assertThat(Noise.reason("Aisha's new portfolio is at https://akarim.design now.", speakers)).isEmpty();
    assertThat(Noise.reason("我的新邮箱是akarim.design@mailbox.com，以后账单发到这里。", Set.of("王芳"))).isEmpty();
    // in a report the same address is where the publisher sends the reader
    assertThat(Noise.reportReason("All bills and notices will now go to akarim.design@mailbox.com.")).contains("call to action or advertising");
  }
}
