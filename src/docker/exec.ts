/**
 * @module Runs a command in a container (lifecycle hooks): create the exec, read its multiplexed
 * output up to a cap, stop reading at the timeout, then inspect it for the exit code.
 */
import type { CallOptions, DockerClient, ExecResult } from "./types.ts";
import { CreatedSchema, ExecInspectSchema } from "./schemas.ts";
import { CappedBuffer, FrameDemuxer } from "./streams.ts";
import { segment } from "./transport.ts";
import type { Transport } from "./transport.ts";

export const DEFAULT_MAX_EXEC_OUTPUT = 1024 * 1024;
/** Exit code reported when the command was still running at the timeout (or never reported one). */
export const UNKNOWN_EXIT_CODE = -1;
/** The exit code can lag the end of the output stream by a moment. */
const EXIT_POLLS = 20;
const EXIT_POLL_MS = 50;

export function execMethods(transport: Transport): Pick<DockerClient, "exec"> {
  const inspectExec = (execId: string, options: CallOptions | undefined) =>
    transport.json(
      {
        method: "GET",
        path: `/exec/${segment(execId)}/json`,
        signal: options?.signal,
        timeoutMs: options?.timeoutMs,
      },
      ExecInspectSchema,
    );

  return {
    async exec(id, cmd, exec, options): Promise<ExecResult> {
      const created = await transport.json(
        {
          method: "POST",
          path: `/containers/${segment(id)}/exec`,
          body: {
            AttachStdin: false,
            AttachStdout: true,
            AttachStderr: true,
            Tty: false,
            Cmd: cmd,
            ...(exec?.user === undefined ? {} : { User: exec.user }),
            ...(exec?.env === undefined ? {} : { Env: exec.env }),
          },
          signal: options?.signal,
          timeoutMs: options?.timeoutMs,
        },
        CreatedSchema,
      );

      const output = new CappedBuffer(exec?.maxOutputBytes ?? DEFAULT_MAX_EXEC_OUTPUT);
      const deadline = new AbortController();
      const limitMs = exec?.timeoutMs ?? 0;
      const timer =
        limitMs > 0
          ? setTimeout(() => {
              deadline.abort();
            }, limitMs)
          : undefined;
      const signal =
        options?.signal === undefined ? deadline.signal : AbortSignal.any([options.signal, deadline.signal]);
      let timedOut = false;
      try {
        const response = await transport.call({
          method: "POST",
          path: `/exec/${segment(created.Id)}/start`,
          body: { Detach: false, Tty: false },
          signal,
          timeoutMs: null,
        });
        const demuxer = new FrameDemuxer();
        try {
          for await (const chunk of response.body as AsyncIterable<Buffer>) {
            for (const frame of demuxer.push(chunk)) output.append(frame.data);
          }
        } catch (error) {
          response.body.destroy();
          throw response.mapError(error);
        }
      } catch (error) {
        // The engine has no way to kill an exec: at the timeout we stop reading and report it.
        if (!deadline.signal.aborted || options?.signal?.aborted === true) throw error;
        timedOut = true;
      } finally {
        clearTimeout(timer);
      }

      let inspected = await inspectExec(created.Id, options);
      for (let poll = 0; !timedOut && inspected.Running && poll < EXIT_POLLS; poll++) {
        await new Promise((resolve) => setTimeout(resolve, EXIT_POLL_MS));
        inspected = await inspectExec(created.Id, options);
      }
      return {
        exitCode: inspected.Running ? UNKNOWN_EXIT_CODE : (inspected.ExitCode ?? UNKNOWN_EXIT_CODE),
        output: output.toString(),
        timedOut: timedOut || inspected.Running,
      };
    },
  };
}
