/** The admin API (health, readiness, invalidations, stats): endpoints as plain functions. */
package dev.streamedge.edge.admin;
