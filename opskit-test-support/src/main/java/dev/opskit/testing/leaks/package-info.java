/**
 * A JUnit 5 extension that fails a test class which leaves behind what it opened: TCP connections
 * to database servers, threads, files in {@code java.io.tmpdir}, test databases, and whatever a
 * registered {@link dev.opskit.testing.leaks.LeakProbe} finds (such as unfinished S3 multipart
 * uploads).
 *
 * <p>Every opskit module's tests run it: opskit-test-support turns on JUnit's extension
 * auto-detection in its {@code junit-platform.properties} and lists the extension in {@code
 * META-INF/services}. A test that must keep something opts out with {@link
 * dev.opskit.testing.leaks.AllowLeak} and a reason.
 *
 * @see dev.opskit.testing.leaks.LeakCheckExtension
 */
@NullMarked
package dev.opskit.testing.leaks;

import org.jspecify.annotations.NullMarked;
