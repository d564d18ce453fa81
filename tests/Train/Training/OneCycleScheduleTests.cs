using Hpc.Train.Training;

namespace Hpc.Train.Tests.Training;

public sealed class OneCycleScheduleTests
{
    [Fact]
    public void WarmsUpToThePeakThenDecays()
    {
        var s = new OneCycleSchedule(0.01, 100);
        Assert.Equal(0.01 / 25, s.At(0), 12);
        Assert.Equal(0.01, s.At(25), 12);
        Assert.True(s.At(10) > s.At(5));
        Assert.True(s.At(60) < s.At(40));
        Assert.True(s.At(99) < 0.01 / 1000);
        double max = Enumerable.Range(0, 100).Max(i => s.At(i));
        Assert.Equal(0.01, max, 12);
    }
}
