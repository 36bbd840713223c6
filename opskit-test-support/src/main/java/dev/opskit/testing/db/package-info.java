/**
 * Real MariaDB/MySQL and PostgreSQL databases for tests: a fresh database per test, dropped
 * afterwards, on the local servers (settings from {@code OPSKIT_MYSQL_*} and {@code
 * OPSKIT_POSTGRES_*} environment variables) or on Testcontainers when {@code
 * OPSKIT_TEST_SERVERS=testcontainers}.
 *
 * <p>A test asks for one with a parameter: {@code @Test void x(@MySql TestDatabase db)}. A missing
 * server fails the test with a message that names the variables to set and the command that starts
 * the server; it is never skipped.
 *
 * @see dev.opskit.testing.db.TestDatabase
 */
@NullMarked
package dev.opskit.testing.db;

import org.jspecify.annotations.NullMarked;
