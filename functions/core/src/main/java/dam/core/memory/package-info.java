/**
 * In-memory implementations of the core ports: for unit tests of core and of the functions, and for wiring a service
 * without any cloud. Thread-safe; they honour the same contracts (atomic writes, idempotent commands, conflicts) as
 * the AWS adapters.
 */
package dam.core.memory;
