using System.Text.Json;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace PolicyLang.LanguageServer
{
    /// <summary>JsonRpc that reports params it cannot read as InvalidParams with a short message, not a stack trace.</summary>
    internal sealed class PolicyJsonRpc : JsonRpc
    {
        public PolicyJsonRpc(IJsonRpcMessageHandler handler)
            : base(handler)
        {
        }

        protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
        {
            var inner = exception;
            while (inner is not JsonException && inner.InnerException != null) inner = inner.InnerException;
            if (inner is JsonException json)
            {
                return new JsonRpcError.ErrorDetail
                {
                    Code = JsonRpcErrorCode.InvalidParams,
                    Message = "invalid params for '" + request.Method + "': " + json.Message,
                };
            }
            return base.CreateErrorDetails(request, exception);
        }
    }
}
