/**
 * Test data shared by the project but kept outside it: the {@code shared/} folder beside the
 * checkout (the AWS SigV4 test suite, the sqldef schema-diff cases).
 *
 * @see dev.opskit.testing.data.SharedData
 */
@NullMarked
package dev.opskit.testing.data;

import org.jspecify.annotations.NullMarked;
