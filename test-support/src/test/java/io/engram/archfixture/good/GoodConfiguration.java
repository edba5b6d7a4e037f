package io.engram.archfixture.good;

import io.engram.archfixture.good.config.Wiring;
import io.engram.archfixture.good.feature.Feature;
import org.springframework.context.annotation.Configuration;

/** Fixture: a root @Configuration that knows the features and the config package. */
@Configuration
public class GoodConfiguration {
  Feature feature;
  Wiring wiring;
}
