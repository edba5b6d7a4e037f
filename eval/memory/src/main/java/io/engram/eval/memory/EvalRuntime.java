package io.engram.eval.memory;

import io.engram.memory.MemoryApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Boots the real memory service against the configured database, for the eval commands. The web server runs
 * on a free port (the shared service plumbing, tenant transactions included, is wired for servlet apps) but
 * the commands call the service's beans directly.
 */
final class EvalRuntime {

  private EvalRuntime() {
  }

  static ConfigurableApplicationContext start(String... extraProperties) {
    String[] props = new String[extraProperties.length + 5];
    props[0] = "spring.main.banner-mode=off";
    props[1] = "logging.level.root=WARN";
    props[2] = "spring.main.log-startup-info=false";
    props[3] = "engram.memory.kafka.enabled=false";
    props[4] = "server.port=0";
    System.arraycopy(extraProperties, 0, props, 5, extraProperties.length);
    // server.port as an argument: default properties rank below application.yml's ${PORT:8082}, so two eval commands at
    // once would both try 8082
    return new SpringApplicationBuilder(MemoryApplication.class).web(WebApplicationType.SERVLET).properties(props)
        .run("--server.port=0");
  }

  static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
