import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ZDevicesQuery, type DeviceRow } from "../../contracts/api";
import { DeviceNotFoundError, getDevice, listDevices } from "../queries/devices";
import { assertInScope, createTRPCRouter, procedureFor } from "../trpc";

export const devicesRouter = createTRPCRouter({
  list: procedureFor("devices.read").input(ZDevicesQuery).query(({ ctx, input }): Promise<DeviceRow[]> => listDevices(ctx.db, input)),

  get: procedureFor("devices.read").input(z.object({ deviceId: z.string().min(1) })).query(async ({ ctx, input }): Promise<DeviceRow> => {
    try {
      const device = await getDevice(ctx.db, input.deviceId);
      assertInScope(ctx.user, device.campusId);
      return device;
    } catch (err) {
      if (err instanceof DeviceNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: err.message, cause: err });
      throw err;
    }
  }),
});
