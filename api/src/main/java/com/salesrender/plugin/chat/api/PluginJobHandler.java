package com.salesrender.plugin.chat.api;

/**
 * Runs the stored {@link PluginJob}s of one type: a CDI bean of the plugin ({@code @ApplicationScoped}), found by its
 * {@link #type()}; one handler per type.
 *
 * <p>{@link #run} is called inside the transaction that records the job's end: whatever it stores through the core
 * ({@link MessageStatuses#report}, {@link IncomingChats#forward}, {@link PluginJobs#schedule}) commits with it, once: a
 * crash can neither lose it nor make it happen twice. So keep it short (it holds a database transaction): a call to a
 * gateway that may take long belongs in a {@link ChatSender}, or in a job that only calls and schedules.
 *
 * <p>Return when the job is done. Throw to have it tried again later (nothing it stored is kept), with waits growing
 * from {@code plugin.job.interval}, up to {@code plugin.job.attempts} attempts; then it is given up and stays in the
 * database as failed. Throw {@link RetryLater} to try again after that time without using an attempt.
 */
public interface PluginJobHandler {

    /** The type of the jobs this handler runs, as {@link PluginJob#type()} names it. */
    String type();

    void run(PluginJob job) throws Exception;
}
