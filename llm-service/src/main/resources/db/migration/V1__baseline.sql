-- The llm schema itself is created by Flyway (spring.flyway.schemas). pgvector is created by the
-- provisioning script as superuser; IF NOT EXISTS keeps this a no-op there and lets a role that may
-- create extensions set up a fresh database by itself.
create extension if not exists vector;
