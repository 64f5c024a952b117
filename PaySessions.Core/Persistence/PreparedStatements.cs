using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PaySessions.Core.Persistence;

/// <summary>
/// Keeps SQLite's prepared statements while a connection stays open. EF Core makes a new command for every statement
/// it runs and Microsoft.Data.Sqlite prepares each command anew, so a batch of 32 new sales prepared the same INSERT
/// (nine indexes and a search trigger compiled into it) 32 times: an eighth of the write gate's time in a profile.
/// Every command EF Core asks for becomes a <see cref="ReusedCommand"/>, which runs on a <see cref="SqliteCommand"/> the
/// connection keeps for that text: its statements stay prepared between runs, and a run only binds the new values.
/// Closing a connection disposes the commands made on it (Microsoft.Data.Sqlite does that), so the kept ones are
/// forgotten then and made again after the next open: reuse lasts through a write batch's transaction, and a statement
/// never outlives the native connection it was prepared on. Written here because Microsoft.Data.Sqlite keeps no
/// statements across commands itself.
/// </summary>
internal sealed class PreparedStatements : DbCommandInterceptor
{
    /// <summary>Distinct texts kept per open connection; past it, other texts run on commands of their own.</summary>
    internal const int MaxPerConnection = 128;

    private static readonly ConditionalWeakTable<SqliteConnection, Kept> ByConnection = new();

    public override InterceptionResult<DbCommand> CommandCreating(CommandCorrelatedEventData eventData, InterceptionResult<DbCommand> result) =>
        eventData.Connection is SqliteConnection connection
            ? InterceptionResult<DbCommand>.SuppressWithResult(new ReusedCommand(ByConnection.GetValue(connection, Kept.For)))
            : result;

    /// <summary>One connection's idle commands by text, while it is open. Used by one context at a time, like its connection.</summary>
    private sealed class Kept
    {
        private readonly Dictionary<string, SqliteCommand> _idle = new(StringComparer.Ordinal);
        private int _made;

        private Kept(SqliteConnection connection) => Connection = connection;

        public SqliteConnection Connection { get; }

        /// <summary>Moves on each close: a command leased before it was disposed with the connection's others.</summary>
        public int Generation { get; private set; }

        public static Kept For(SqliteConnection connection)
        {
            var kept = new Kept(connection);
            connection.StateChange += kept.OnStateChange;
            return kept;
        }

        /// <summary>The idle command for <paramref name="text"/>, or a new one; <paramref name="keep"/> says whether it goes back.</summary>
        public SqliteCommand Lease(string text, out bool keep)
        {
            if (_idle.Remove(text, out var command))
            {
                keep = true;
                return command;
            }

            keep = _made < MaxPerConnection;
            _made += keep ? 1 : 0;
            return new SqliteCommand(text, Connection);
        }

        public void Return(SqliteCommand command, bool keep, int generation)
        {
            command.Parameters.Clear();
            if (!keep || generation != Generation)
            {
                command.Dispose();
                return;
            }

            // Two runs of one text at once (a reader still open) made a second command: one of them is kept.
            if (!_idle.TryAdd(command.CommandText, command))
            {
                command.Dispose();
                _made--;
            }
        }

        private void OnStateChange(object? sender, StateChangeEventArgs change)
        {
            if (change.CurrentState != ConnectionState.Open)
            {
                _idle.Clear(); // the connection disposed them as it closed
                _made = 0;
                Generation++;
            }
        }
    }

    /// <summary>
    /// What EF Core holds as its command. Its text, parameters, transaction and timeout go to the kept command for that
    /// text when it runs; disposing it hands the kept command back with its statements still prepared.
    /// </summary>
    private sealed class ReusedCommand(Kept kept) : DbCommand
    {
        private readonly Parameters _parameters = new();
        private SqliteCommand? _leased;
        private bool _keep;
        private int _generation;
        private string _text = "";

        [AllowNull]
        public override string CommandText
        {
            get => _text;
            set
            {
                Release();
                _text = value ?? "";
            }
        }

        public override int CommandTimeout { get; set; } = kept.Connection.DefaultTimeout;

        public override CommandType CommandType
        {
            get => CommandType.Text;
            set
            {
                if (value != CommandType.Text)
                {
                    throw new ArgumentException("SQLite runs text commands only.", nameof(value));
                }
            }
        }

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection
        {
            get => kept.Connection;
            set
            {
                if (!ReferenceEquals(value, kept.Connection))
                {
                    throw new NotSupportedException("This command runs on the connection it was made for.");
                }
            }
        }

        protected override DbParameterCollection DbParameterCollection => _parameters;

        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel() => _leased?.Cancel();

        public override void Prepare() => Ready().Prepare();

        public override int ExecuteNonQuery() => Ready().ExecuteNonQuery();

        public override object? ExecuteScalar() => Ready().ExecuteScalar();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Ready().ExecuteReader(behavior);

        protected override DbParameter CreateDbParameter() => new SqliteParameter();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Release();
            }

            base.Dispose(disposing);
        }

        /// <summary>The kept command for this text, with this command's values, transaction and timeout.</summary>
        private SqliteCommand Ready()
        {
            if (_leased is null)
            {
                _generation = kept.Generation;
                _leased = kept.Lease(_text, out _keep);
            }

            _leased.Transaction = (SqliteTransaction?)DbTransaction;
            _leased.CommandTimeout = CommandTimeout;
            _leased.Parameters.Clear();
            foreach (SqliteParameter parameter in _parameters)
            {
                _leased.Parameters.Add(parameter);
            }

            return _leased;
        }

        private void Release()
        {
            if (_leased is { } leased)
            {
                _leased = null;
                kept.Return(leased, _keep, _generation);
            }
        }
    }

    /// <summary>The values EF Core sets on a command, held until it runs.</summary>
    private sealed class Parameters : SqliteParameterCollection;
}
