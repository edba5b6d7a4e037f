package io.engram.llm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Engram's llm-service. */
@SpringBootApplication
public class LlmApplication {

  public static void main(String[] args) {
    SpringApplication.run(LlmApplication.class, args);
  }
}
