namespace ClbWorker.IntegrationTests; public class SmokeTests { [Fact] public void Runs() => Assert.True(true); }
