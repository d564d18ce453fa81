namespace Hpc.Train.Training;

/// <summary>
/// One-cycle learning rate as a pure function of the global step (cosine warm-up from peak/25 to the peak over
/// the first 25 %, cosine decay to peak/25000 after), so a resumed run needs no scheduler state.
/// </summary>
internal readonly record struct OneCycleSchedule(double PeakLearningRate, long TotalSteps)
{
    private const double WarmupFraction = 0.25;
    private const double StartDivisor = 25;
    private const double FinalDivisor = 25_000;

    public double At(long step)
    {
        long warm = Math.Max(1, (long)(TotalSteps * WarmupFraction));
        double start = PeakLearningRate / StartDivisor, end = PeakLearningRate / FinalDivisor;
        if (step < warm)
        {
            return Cosine(start, PeakLearningRate, (double)step / warm);
        }

        long decay = Math.Max(1, TotalSteps - warm);
        return Cosine(PeakLearningRate, end, Math.Min(1.0, (double)(step - warm) / decay));
    }

    private static double Cosine(double from, double to, double t) => to + ((from - to) * (1 + Math.Cos(Math.PI * t)) / 2);
}
