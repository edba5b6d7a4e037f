package io.engram.retrieval;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Engram's retrieval-service. */
@SpringBootApplication
public class RetrievalApplication {

  public static void main(String[] args) {
    SpringApplication.run(RetrievalApplication.class, args);
  }
}
